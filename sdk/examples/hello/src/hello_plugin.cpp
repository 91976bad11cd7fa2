// The example plugin: everything a vendor plugin does, in one small file.
// - reads its config keys (validated by the host before the plugin runs);
// - migrates its own table and records a greeting on each start;
// - provides the hello.greeter 1.0 service to other plugins;
// - publishes a typed event and logs through the host.
#include <cstdio>
#include <cstring>
#include <string>

#include <hello/greeter.h>
#include <hello/events.hpp>
#include <monban/sdk/plugin.hpp>

#include "monban_plugin_manifest.h"

namespace {

const char* const kMigration1[] = {
    "CREATE TABLE hello_greetings (greeted_at_ms BIGINT NOT NULL, message VARCHAR(200) NOT NULL)",
    "CREATE INDEX hello_greetings_at ON hello_greetings (greeted_at_ms)",
};
const monban_migration kMigrations[] = {
    {1, "greetings table", kMigration1, 2},
};

const monban_config_key kConfigKeys[] = {
    {"greeting", MONBAN_CONFIG_STRING, "Hello", 0, 0, "first word of every greeting"},
    {"audience", MONBAN_CONFIG_STRING, "world", 0, 0, "who is greeted at start"},
    {"record", MONBAN_CONFIG_BOOLEAN, "true", 0, 0, "store each start's greeting in the database"},
};

class HelloPlugin final : public monban::sdk::Plugin {
public:
  explicit HelloPlugin(monban::sdk::Host host) : Plugin(host) {}

  void initialise() override {
    greeting_ = host().config("greeting");
    audience_ = host().config("audience");
    record_ = host().configBoolean("record");
    host().migrate(kMigrations);
    service_.struct_size = sizeof(service_);
    service_.self = this;
    service_.greet = &HelloPlugin::greet;
    host().provide(HELLO_GREETER_SERVICE, HELLO_GREETER_MAJOR, HELLO_GREETER_MINOR, &service_);
  }

  void start() override {
    const std::string message = compose(audience_.c_str());
    const int64_t now = host().nowMs();
    if (record_) {
      monban::sdk::Database db = host().database();
      db.execute("INSERT INTO hello_greetings (greeted_at_ms, message) VALUES (:at, :message)", {now, message});
    }
    hello::Greeted event{};
    std::snprintf(event.message, sizeof(event.message), "%s", message.c_str());
    event.at_ms = now;
    host().publish(event);
    host().info(message);
  }

private:
  std::string compose(const char* name) const { return greeting_ + ", " + name + "!"; }

  static size_t greet(void* self, const char* name, char* buffer, size_t size) {
    const std::string message = static_cast<HelloPlugin*>(self)->compose(name != nullptr ? name : "");
    if (buffer != nullptr && size > 0) std::snprintf(buffer, size, "%s", message.c_str());
    return message.size();
  }

  std::string greeting_;
  std::string audience_;
  bool record_ = true;
  hello_greeter service_{};
};

}  // namespace

MONBAN_PLUGIN(HelloPlugin, kConfigKeys, sizeof(kConfigKeys) / sizeof(kConfigKeys[0]))
