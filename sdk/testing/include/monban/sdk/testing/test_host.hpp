// Monban SDK testing aid: an in-process stand-in for the host, for a vendor's unit tests of a
// built plugin. It loads the plugin library, runs its lifecycle, and lets the test set config,
// move the clock by hand, offer services, feed and capture events and read the log.
// It has no database: db_migrate records the migrations without running them and every other
// database call fails with MONBAN_ERR_WRONG_STATE; test database code against the real host.
// Header-only; compiled into the test. Linux (dlopen). (since 1.0)
#pragma once

#include <dlfcn.h>

#include <atomic>
#include <cstdint>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <monban/sdk/plugin.h>
#include <monban/sdk/host.hpp>

namespace monban::sdk::testing {

/// An event as the test host saw it. (since 1.0)
struct RecordedEvent {
  std::string topic;
  uint32_t type_version = 0;
  std::string payload;
  std::string publisher;
};

/// A log line written by the plugin. (since 1.0)
struct LogLine {
  int32_t level = 0;
  std::string message;
};

/// The stand-in host. One plugin per TestHost. (since 1.0)
class TestHost {
public:
  explicit TestHost(int64_t startMs = 1'700'000'000'000) : now_ms_(startMs) { api_ = makeApi(); }
  ~TestHost() {
    stop();
    if (instance_ != nullptr) descriptor_->destroy(instance_);
  }
  TestHost(const TestHost&) = delete;
  TestHost& operator=(const TestHost&) = delete;

  // --- set-up ---
  void setConfig(const std::string& key, const std::string& value) { config_overrides_[key] = value; }
  /// Offers a service as if another plugin provided it.
  void offerService(const std::string& name, uint32_t major, uint32_t minor, const void* table) {
    services_[name] = {major, minor, table};
  }

  // --- lifecycle ---
  /// Loads the plugin library and runs create and initialise; false with lastError() on failure.
  bool load(const std::string& libraryPath) {
    void* handle = ::dlopen(libraryPath.c_str(), RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
    if (handle == nullptr) return failWith(std::string("cannot load: ") + ::dlerror());
    return load(*static_cast<const monban_plugin_descriptor*>(::dlsym(handle, MONBAN_PLUGIN_DESCRIPTOR_SYMBOL)));
  }
  bool load(const monban_plugin_descriptor& descriptor) {
    descriptor_ = &descriptor;
    if (descriptor.abi_major != MONBAN_SDK_ABI_MAJOR || descriptor.abi_minor > MONBAN_SDK_ABI_MINOR)
      return failWith("plugin built for another SDK ABI");
    for (uint32_t i = 0; i < descriptor.config_key_count; ++i) {
      const monban_config_key& k = descriptor.config_keys[i];
      auto given = config_overrides_.find(k.key);
      if (given != config_overrides_.end())
        config_[k.key] = given->second;
      else if (k.default_value != nullptr)
        config_[k.key] = k.default_value;
    }
    if (descriptor.create(&api_, context(), &instance_) != MONBAN_OK) return failWith(takeError());
    initialising_ = true;
    const monban_status status = descriptor.initialise(instance_);
    initialising_ = false;
    if (status != MONBAN_OK) return failWith(takeError());
    return true;
  }
  bool start() {
    if (descriptor_->start(instance_) != MONBAN_OK) return failWith(takeError());
    running_ = true;
    return true;
  }
  void stop() {
    if (!running_) return;
    descriptor_->stop(instance_);
    running_ = false;
    std::lock_guard lock(mutex_);
    handlers_.clear();
  }
  const std::string& lastError() const { return last_error_; }

  // --- clock ---
  void advanceMs(int64_t deltaMs) {
    now_ms_ += deltaMs;
    monotonic_ms_ += deltaMs;
  }
  int64_t nowMs() const { return now_ms_; }

  // --- events ---
  /// Queues an event for the plugin; deliver() hands queued events to its handlers.
  void publish(const std::string& topic, uint32_t typeVersion, const void* payload, std::size_t size) {
    std::lock_guard lock(mutex_);
    inbox_.push_back({topic, typeVersion, std::string(static_cast<const char*>(payload), size), "test"});
  }
  template <TypedEvent E>
  void publish(const E& event) {
    publish(E::kTopic, E::kVersion, &event, sizeof(E));
  }
  /// Delivers queued events on another thread, as the host's bus does, and waits for it.
  void deliver() {
    std::thread bus([this] {
      for (;;) {
        RecordedEvent e;
        {
          std::lock_guard lock(mutex_);
          if (inbox_.empty()) return;
          e = inbox_.front();
          inbox_.erase(inbox_.begin());
        }
        monban_event raw{sizeof(monban_event), e.type_version, e.topic.c_str(),    e.payload.data(),
                         e.payload.size(),     now_ms_,        e.publisher.c_str()};
        std::vector<Handler> targets;
        {
          std::lock_guard lock(mutex_);
          for (const auto& [id, h] : handlers_)
            if (h.topic == "*" || h.topic == e.topic) targets.push_back(h);
        }
        for (const Handler& h : targets) h.handler(h.user_data, &raw);
      }
    });
    bus.join();
  }
  /// Events the plugin published, in order.
  std::vector<RecordedEvent> published() const {
    std::lock_guard lock(mutex_);
    return outbox_;
  }

  // --- what the plugin did ---
  std::vector<LogLine> logs() const {
    std::lock_guard lock(mutex_);
    return logs_;
  }
  bool logged(const std::string& fragment) const {
    for (const LogLine& l : logs())
      if (l.message.find(fragment) != std::string::npos) return true;
    return false;
  }
  /// A service the plugin registered, or nullptr.
  const void* registeredService(const std::string& name) const {
    auto it = registered_.find(name);
    return it == registered_.end() ? nullptr : it->second;
  }
  /// Versions of the migrations the plugin asked for.
  const std::vector<uint32_t>& migrations() const { return migrations_; }

private:
  struct Offered {
    uint32_t major;
    uint32_t minor;
    const void* table;
  };
  struct Handler {
    std::string topic;
    monban_event_handler handler;
    void* user_data;
  };

  monban_plugin_context* context() { return reinterpret_cast<monban_plugin_context*>(this); }
  static TestHost& self(monban_plugin_context* c) { return *reinterpret_cast<TestHost*>(c); }
  bool failWith(const std::string& reason) {
    last_error_ = reason;
    return false;
  }
  std::string takeError() {
    std::lock_guard lock(mutex_);
    std::string e = error_.empty() ? "failed without a reason" : error_;
    error_.clear();
    return e;
  }

  static monban_host_api makeApi() {
    monban_host_api a{};
    a.struct_size = sizeof(a);
    a.abi_major = MONBAN_SDK_ABI_MAJOR;
    a.abi_minor = MONBAN_SDK_ABI_MINOR;
    a.set_error = [](monban_plugin_context* c, const char* m) {
      std::lock_guard lock(self(c).mutex_);
      self(c).error_ = m != nullptr ? m : "";
    };
    a.log = [](monban_plugin_context* c, int32_t level, const char* m) {
      std::lock_guard lock(self(c).mutex_);
      self(c).logs_.push_back({level, m != nullptr ? m : ""});
    };
    a.config_get = [](monban_plugin_context* c, const char* key) -> const char* {
      auto it = self(c).config_.find(key != nullptr ? key : "");
      return it == self(c).config_.end() ? nullptr : it->second.c_str();
    };
    a.clock_now_ms = [](monban_plugin_context* c) -> int64_t { return self(c).now_ms_; };
    a.clock_monotonic_ms = [](monban_plugin_context* c) -> int64_t { return self(c).monotonic_ms_; };
    a.service_register = [](monban_plugin_context* c, const char* name, uint32_t, uint32_t,
                            const void* table) -> monban_status {
      if (!self(c).initialising_) return MONBAN_ERR_WRONG_STATE;
      self(c).registered_[name] = table;
      return MONBAN_OK;
    };
    a.service_acquire = [](monban_plugin_context* c, const char* name, uint32_t major,
                           uint32_t minMinor) -> const void* {
      auto it = self(c).services_.find(name != nullptr ? name : "");
      if (it == self(c).services_.end() || it->second.major != major || it->second.minor < minMinor) return nullptr;
      return it->second.table;
    };
    a.event_subscribe = [](monban_plugin_context* c, const char* topic, monban_event_handler handler, void* user,
                           uint64_t* id) -> monban_status {
      std::lock_guard lock(self(c).mutex_);
      *id = ++self(c).next_subscription_;
      self(c).handlers_[*id] = {topic, handler, user};
      return MONBAN_OK;
    };
    a.event_unsubscribe = [](monban_plugin_context* c, uint64_t id) -> monban_status {
      std::lock_guard lock(self(c).mutex_);
      return self(c).handlers_.erase(id) > 0 ? MONBAN_OK : MONBAN_ERR_NOT_FOUND;
    };
    a.event_publish = [](monban_plugin_context* c, const monban_event* e) -> monban_status {
      std::lock_guard lock(self(c).mutex_);
      self(c).outbox_.push_back(
          {e->topic, e->type_version, std::string(static_cast<const char*>(e->payload), e->payload_size), "plugin"});
      return MONBAN_OK;
    };
    a.db_dialect = [](monban_plugin_context*) -> const char* { return "sqlite"; };
    a.db_migrate = [](monban_plugin_context* c, const monban_migration* m, uint32_t count) -> monban_status {
      for (uint32_t i = 0; i < count; ++i) self(c).migrations_.push_back(m[i].version);
      return MONBAN_OK;
    };
    a.db_acquire = [](monban_plugin_context*, monban_db** session) -> monban_status {
      *session = nullptr;
      return MONBAN_ERR_WRONG_STATE;
    };
    a.db_release = [](monban_db*) {};
    a.db_begin = [](monban_db*) -> monban_status { return MONBAN_ERR_WRONG_STATE; };
    a.db_commit = [](monban_db*) -> monban_status { return MONBAN_ERR_WRONG_STATE; };
    a.db_rollback = [](monban_db*) -> monban_status { return MONBAN_ERR_WRONG_STATE; };
    a.db_execute = [](monban_db*, const char*, const monban_db_value*, uint32_t, int64_t*) -> monban_status {
      return MONBAN_ERR_WRONG_STATE;
    };
    a.db_query = [](monban_db*, const char*, const monban_db_value*, uint32_t, monban_db_row_handler,
                    void*) -> monban_status { return MONBAN_ERR_WRONG_STATE; };
    a.db_last_error = [](monban_db*) -> const char* { return "the test host has no database"; };
    a.plugin_data_dir = [](monban_plugin_context*) -> const char* { return nullptr; };
    return a;
  }

  monban_host_api api_{};
  const monban_plugin_descriptor* descriptor_ = nullptr;
  void* instance_ = nullptr;
  bool initialising_ = false;
  bool running_ = false;
  std::atomic<int64_t> now_ms_;
  std::atomic<int64_t> monotonic_ms_{0};
  std::map<std::string, std::string> config_overrides_;
  std::map<std::string, std::string> config_;
  std::map<std::string, Offered> services_;
  std::map<std::string, const void*> registered_;
  mutable std::mutex mutex_;
  std::map<uint64_t, Handler> handlers_;
  uint64_t next_subscription_ = 0;
  std::vector<RecordedEvent> inbox_;
  std::vector<RecordedEvent> outbox_;
  std::vector<LogLine> logs_;
  std::vector<uint32_t> migrations_;
  std::string error_;
  std::string last_error_;
};

}  // namespace monban::sdk::testing
