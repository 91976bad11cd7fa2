#pragma once

#include <memory>
#include <string>

#include <Poco/JSON/Object.h>

#include "monban/host/Clock.h"
#include "monban/host/HostSettings.h"
#include "monban/host/PluginManager.h"

namespace monban::host {

class Database;
class EventBus;
class Migrator;
class ServiceRegistry;
struct HostServices;
namespace domain {
class Domain;
}
namespace api {
class DomainApi;
}

/// Everything a running host owns, wired together: database and migrations, event bus,
/// service registry and the plugins. Construction opens and migrates the database; start()
/// starts the plugins; destruction stops them in reverse order.
class HostRuntime {
public:
  /// `withDatabase` false serves inspection commands that must not touch the database.
  HostRuntime(const HostSettings& settings, const Clock& clock, bool withDatabase);
  ~HostRuntime();
  HostRuntime(const HostRuntime&) = delete;
  HostRuntime& operator=(const HostRuntime&) = delete;

  /// Discovers, resolves and loads the plugins, then starts them.
  void start();
  /// Discovers, resolves and loads the plugins without running any plugin code.
  void inspect();
  void stop();

  PluginManager& plugins() { return *plugins_; }
  Database* database() { return database_.get(); }
  /// The access-control domain; null without a database.
  domain::Domain* domain() { return domain_.get(); }
  EventBus& events() { return *events_; }

  /// The health document: host, database and every plugin's state, as JSON.
  std::string healthJson();
  Poco::JSON::Object health();
  /// Every plugin's state, as a JSON array.
  std::string pluginsJson() const;

private:
  const HostSettings settings_;
  const Clock& clock_;
  std::unique_ptr<Database> database_;
  std::unique_ptr<Migrator> migrator_;
  std::unique_ptr<EventBus> events_;
  std::unique_ptr<domain::Domain> domain_;
  std::unique_ptr<api::DomainApi> domain_api_;
  std::unique_ptr<ServiceRegistry> registry_;
  std::unique_ptr<HostServices> services_;
  std::unique_ptr<PluginManager> plugins_;
};

/// Plugin states as JSON (shared by the control socket and the offline CLI).
std::string pluginsToJson(const std::vector<PluginInfo>& plugins);

}  // namespace monban::host
