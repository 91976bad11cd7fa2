// Monban SDK C++ wrapper: the host as seen from inside a plugin (logging, config, clock,
// services, events, database). Header-only; compiled into the plugin. Throws monban::sdk::Error.
#pragma once

#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include <monban/sdk/host_api.h>
#include <monban/sdk/database.hpp>
#include <monban/sdk/error.hpp>

namespace monban::sdk {

/// An event type: a trivially copyable struct with a topic and a layout version. (since 1.0)
/// \code
/// struct Greeted { static constexpr const char* kTopic = "hello.greeted";
///                  static constexpr uint32_t kVersion = 1; char name[64]; };
/// \endcode
template <class E>
concept TypedEvent = std::is_trivially_copyable_v<E> && requires {
  { E::kTopic } -> std::convertible_to<const char*>;
  { E::kVersion } -> std::convertible_to<uint32_t>;
};

/// Ends its subscription when destroyed. (since 1.0)
class Subscription {
public:
  using Handler = std::function<void(const monban_event&)>;
  Subscription() = default;
  Subscription(const monban_host_api* api, monban_plugin_context* context, uint64_t id,
               std::unique_ptr<Handler> handler)
      : api_(api), context_(context), id_(id), handler_(std::move(handler)) {}
  Subscription(Subscription&& other) noexcept { *this = std::move(other); }
  Subscription& operator=(Subscription&& other) noexcept {
    reset();
    api_ = other.api_;
    context_ = other.context_;
    id_ = std::exchange(other.id_, 0);
    handler_ = std::move(other.handler_);
    return *this;
  }
  ~Subscription() { reset(); }
  void reset() {
    if (id_ != 0) api_->event_unsubscribe(context_, id_);
    id_ = 0;
    handler_.reset();
  }

private:
  const monban_host_api* api_ = nullptr;
  monban_plugin_context* context_ = nullptr;
  uint64_t id_ = 0;
  std::unique_ptr<Handler> handler_;
};

/// The host, for one plugin. Cheap to copy. (since 1.0)
class Host {
public:
  Host(const monban_host_api* api, monban_plugin_context* context) : api_(api), context_(context) {}

  const monban_host_api* api() const { return api_; }
  monban_plugin_context* context() const { return context_; }

  // Logging
  void log(int32_t level, const std::string& message) const { api_->log(context_, level, message.c_str()); }
  void debug(const std::string& message) const { log(MONBAN_LOG_DEBUG, message); }
  void info(const std::string& message) const { log(MONBAN_LOG_INFO, message); }
  void warning(const std::string& message) const { log(MONBAN_LOG_WARNING, message); }
  void error(const std::string& message) const { log(MONBAN_LOG_ERROR, message); }

  // Configuration: values were validated against the descriptor before the plugin ran.
  std::string config(const char* key) const {
    const char* value = api_->config_get(context_, key);
    if (value == nullptr) throw Error(std::string("undeclared config key '") + key + "'", MONBAN_ERR_UNDECLARED);
    return value;
  }
  int64_t configInteger(const char* key) const { return std::stoll(config(key)); }
  bool configBoolean(const char* key) const { return config(key) == "true"; }

  // Clock
  int64_t nowMs() const { return api_->clock_now_ms(context_); }
  int64_t monotonicMs() const { return api_->clock_monotonic_ms(context_); }

  // Services
  template <class Service>
  void provide(const char* name, uint32_t major, uint32_t minor, const Service* service) const {
    monban_status status = api_->service_register(context_, name, major, minor, service);
    if (status != MONBAN_OK)
      throw Error(std::string("cannot register service '") + name + "': " + statusText(status), status);
  }
  template <class Service>
  const Service& require(const char* name, uint32_t major, uint32_t min_minor) const {
    const void* service = api_->service_acquire(context_, name, major, min_minor);
    if (service == nullptr)
      throw Error(std::string("service '") + name + "' " + std::to_string(major) + "." + std::to_string(min_minor) +
                      " is not available",
                  MONBAN_ERR_NOT_FOUND);
    const auto* typed = static_cast<const Service*>(service);
    if (typed->struct_size < sizeof(Service))
      throw Error(std::string("service '") + name + "' is older than this plugin expects", MONBAN_ERR_VERSION);
    return *typed;
  }

  // Events
  Subscription subscribe(const char* topic, Subscription::Handler handler) const {
    auto owned = std::make_unique<Subscription::Handler>(std::move(handler));
    auto trampoline = [](void* user, const monban_event* event) {
      try {
        (*static_cast<Subscription::Handler*>(user))(*event);
      } catch (...) {
        // A handler's failure must not reach the host's bus thread.
      }
    };
    uint64_t id = 0;
    monban_status status = api_->event_subscribe(context_, topic, trampoline, owned.get(), &id);
    if (status != MONBAN_OK)
      throw Error(std::string("cannot subscribe to '") + topic + "': " + statusText(status), status);
    return Subscription(api_, context_, id, std::move(owned));
  }
  template <TypedEvent E>
  Subscription subscribe(std::function<void(const E&)> handler) const {
    return subscribe(E::kTopic, [handler = std::move(handler)](const monban_event& event) {
      if (event.type_version != E::kVersion || event.payload_size != sizeof(E)) return;
      E value;
      std::memcpy(&value, event.payload, sizeof(E));
      handler(value);
    });
  }
  void publish(const char* topic, uint32_t type_version, const void* payload, uint64_t size) const {
    monban_event event{};
    event.struct_size = sizeof(event);
    event.type_version = type_version;
    event.topic = topic;
    event.payload = payload;
    event.payload_size = size;
    monban_status status = api_->event_publish(context_, &event);
    if (status != MONBAN_OK) throw Error(std::string("cannot publish '") + topic + "': " + statusText(status), status);
  }
  template <TypedEvent E>
  void publish(const E& value) const {
    publish(E::kTopic, E::kVersion, &value, sizeof(E));
  }

  // Database
  std::string dialect() const { return api_->db_dialect(context_); }
  void migrate(std::span<const monban_migration> migrations) const {
    monban_status status = api_->db_migrate(context_, migrations.data(), static_cast<uint32_t>(migrations.size()));
    if (status != MONBAN_OK) throw Error("database migration failed", status);
  }
  Database database() const { return Database(api_, context_); }

private:
  const monban_host_api* api_;
  monban_plugin_context* context_;
};

}  // namespace monban::sdk
