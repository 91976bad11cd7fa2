#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "monban/host/PluginState.h"

namespace Poco {
class Logger;
}

namespace monban::host {

struct HostServices;

/// What the host reports about one plugin (plugins list, health).
struct PluginInfo {
  std::string id;
  std::string version;
  std::string description;
  std::string library;
  PluginState state = PluginState::Discovered;
  std::string reason;  ///< why it failed; empty otherwise
  double startup_ms = 0.0;
  std::string health_problem;  ///< what the running plugin reports as wrong; empty when fine
};

/// Finds, checks, loads, starts and stops plugins.
///
/// Plugins come only from `pluginDir`; each is a library with a JSON manifest beside it. The
/// manager reads manifests (discovered), resolves service dependencies (resolved), loads each
/// library with local binding and checks its descriptor against the manifest and the host's ABI
/// before calling anything in it (loaded), validates its config file, then creates,
/// initialises and starts plugins in dependency order (running), and stops them in reverse.
/// A plugin that fails at any step is marked failed with the reason and fails its dependents;
/// the host and the other plugins go on. Libraries stay loaded until the process exits.
class PluginManager {
public:
  PluginManager(HostServices& services, std::filesystem::path pluginDir, std::filesystem::path pluginConfigDir,
                Poco::Logger& logger);
  ~PluginManager();
  PluginManager(const PluginManager&) = delete;
  PluginManager& operator=(const PluginManager&) = delete;

  /// Discover, resolve and load: every check short of running plugin code.
  void prepare();
  /// Creates, initialises and starts the loaded plugins in dependency order.
  void startAll();
  /// Stops running plugins in reverse start order and destroys every instance.
  void stopAll();

  std::vector<PluginInfo> list() const;
  /// Config files in the plugin config directory that belong to no discovered plugin.
  std::vector<std::string> orphanConfigFiles() const;

private:
  struct Record;
  void discover();
  void resolve();
  void load();
  /// Runs `step` on each plugin in `from`, in dependency order, once its providers are all in
  /// `providersIn`; a plugin whose provider is not fails instead.
  void forEachReady(PluginState from, PluginState providersIn, const std::function<void(Record&)>& step);
  void loadOne(Record& record);
  void startOne(Record& record);
  void fail(Record& record, const std::string& reason);
  Record* find(const std::string& id);

  HostServices& services_;
  std::filesystem::path plugin_dir_;
  std::filesystem::path plugin_config_dir_;
  Poco::Logger& logger_;
  std::vector<std::unique_ptr<Record>> records_;
  std::vector<std::string> order_;  ///< dependency order of resolved plugins
  std::vector<Record*> started_;    ///< in start order
};

}  // namespace monban::host
