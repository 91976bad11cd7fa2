#pragma once

#include <filesystem>
#include <string>

#include "monban/host/ConfigSchema.h"

namespace monban::host {

/// The host's own settings, from <config dir>/monban.ini over built-in defaults. Relative paths
/// are relative to the config directory.
struct HostSettings {
  std::filesystem::path config_dir;
  std::filesystem::path host_file;
  std::string system_name;
  std::filesystem::path data_dir;
  std::filesystem::path plugin_dir;
  std::filesystem::path plugin_config_dir;
  std::filesystem::path control_socket;
  std::string db_backend;  ///< sqlite, postgresql or odbc
  std::string db_connection;
  int db_pool_size = 0;
  int db_busy_timeout_ms = 0;
  int db_acquire_timeout_ms = 0;
  std::string log_level;
  std::filesystem::path log_file;  ///< empty: the console
  int event_queue_limit = 0;
};

/// Every key of monban.ini with its type, default and description.
const ConfigSchema& hostConfigSchema();

/// Reads and validates <configDir>/monban.ini; throws ConfigError naming the file and keys.
HostSettings loadHostSettings(const std::filesystem::path& configDir);

}  // namespace monban::host
