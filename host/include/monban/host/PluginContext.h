#pragma once

#include <atomic>
#include <filesystem>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include <monban/sdk/host_api.h>

#include "monban/host/ConfigSchema.h"
#include "monban/host/Database.h"
#include "monban/host/ServiceRef.h"

namespace Poco {
class Logger;
}

namespace monban::host {

class Clock;
class EventBus;
class Migrator;
class ServiceRegistry;
namespace api {
class DomainApi;
}

/// What the host offers every plugin, shared by all contexts.
struct HostServices {
  const Clock& clock;
  EventBus& events;
  ServiceRegistry& registry;
  Database* database = nullptr;  ///< null when the host runs without a database
  Migrator* migrator = nullptr;
  api::DomainApi* domain_api = nullptr;  ///< the "monban.domain" service; null without a database
  std::filesystem::path data_dir;        ///< the host's data_dir; plugins get a directory under it
};

/// The table of host functions handed to every plugin.
const monban_host_api& hostApiTable();

}  // namespace monban::host

/// The host's side of one plugin: what the SDK calls on its behalf may touch.
struct monban_plugin_context {
  std::string plugin_id;
  monban::host::HostServices* services = nullptr;
  monban::host::ConfigValues config;
  std::vector<monban::host::ServiceRef> declared_requires;
  std::vector<monban::host::ServiceRef> declared_provides;
  std::vector<std::string> registered_services;
  std::atomic<bool> registration_open{false};  ///< true only during initialise
  Poco::Logger* logger = nullptr;
  std::mutex error_mutex;
  std::string last_error;      ///< set by the plugin through set_error
  std::string host_detail;     ///< set by the host when it refuses a call of the plugin
  std::string data_dir;        ///< plugin_data_dir's answer, once made
  std::string health_problem;  ///< set through report_health; empty while healthy

  std::string healthProblem() {
    std::lock_guard lock(error_mutex);
    return health_problem;
  }

  void setError(const std::string& message) {
    std::lock_guard lock(error_mutex);
    last_error = message;
  }
  void setDetail(const std::string& message) {
    std::lock_guard lock(error_mutex);
    host_detail = message;
  }
  /// The plugin's reason with the host's detail, then cleared for the next call.
  std::string takeError() {
    std::lock_guard lock(error_mutex);
    std::string plugin = std::exchange(last_error, std::string());
    std::string host = std::exchange(host_detail, std::string());
    if (plugin.empty()) return host;
    if (host.empty() || plugin.find(host) != std::string::npos) return plugin;
    return plugin + " (" + host + ")";
  }
};

/// A pooled session lent to a plugin.
struct monban_db {
  monban::host::Database::Lease lease;
  std::string plugin_id;
  std::string last_error;
  bool in_transaction = false;
};
