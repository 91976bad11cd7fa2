#include "monban/host/HostSettings.h"

namespace monban::host {

const ConfigSchema& hostConfigSchema() {
  static const ConfigSchema schema = [] {
    ConfigSchema s;
    s.add({"host.name", ConfigType::String, "Monban", 0, 0, {}, "system name shown to operators"});
    s.add({"host.data_dir",
           ConfigType::String,
           "../data",
           0,
           0,
           {},
           "directory of the database file, control socket and logs"});
    s.add({"host.plugin_dir",
           ConfigType::String,
           "../build/default/plugins",
           0,
           0,
           {},
           "the only directory plugins are loaded from"});
    s.add({"host.plugin_config_dir",
           ConfigType::String,
           "plugins",
           0,
           0,
           {},
           "directory of the per-plugin config files <id>.ini"});
    s.add({"host.control_socket",
           ConfigType::String,
           "",
           0,
           0,
           {},
           "local socket of the running host; empty: <data_dir>/monban.sock"});
    s.add({"database.backend", ConfigType::Choice, "sqlite", 0, 0, {"sqlite", "postgresql", "odbc"}, "database kind"});
    s.add({"database.connection",
           ConfigType::String,
           "monban.db",
           0,
           0,
           {},
           "SQLite file (relative to data_dir), PostgreSQL conninfo or ODBC connection string"});
    s.add({"database.pool_size", ConfigType::Integer, "8", 1, 64, {}, "sessions in the pool"});
    s.add(
        {"database.busy_timeout_ms", ConfigType::Integer, "5000", 0, 600000, {}, "SQLite: wait this long for a lock"});
    s.add({"database.acquire_timeout_ms",
           ConfigType::Integer,
           "30000",
           1,
           600000,
           {},
           "wait this long for a free pooled session"});
    s.add({"log.level",
           ConfigType::Choice,
           "information",
           0,
           0,
           {"trace", "debug", "information", "notice", "warning", "error", "critical", "fatal"},
           "lowest level written"});
    s.add({"log.file", ConfigType::String, "", 0, 0, {}, "log file (relative to data_dir); empty: the console"});
    s.add({"events.queue_limit",
           ConfigType::Integer,
           "65536",
           16,
           16777216,
           {},
           "events waiting for delivery before publishers wait"});
    return s;
  }();
  return schema;
}

HostSettings loadHostSettings(const std::filesystem::path& configDir) {
  namespace fs = std::filesystem;
  HostSettings s;
  s.config_dir = fs::absolute(configDir).lexically_normal();
  s.host_file = s.config_dir / "monban.ini";
  const ConfigValues v = hostConfigSchema().validate(s.host_file.string(), readIniFile(s.host_file.string(), false));
  auto resolve = [](const fs::path& base, const std::string& p) {
    return fs::path(p).is_absolute() ? fs::path(p) : (base / p).lexically_normal();
  };
  s.system_name = v.at("host.name");
  s.data_dir = resolve(s.config_dir, v.at("host.data_dir"));
  s.plugin_dir = resolve(s.config_dir, v.at("host.plugin_dir"));
  s.plugin_config_dir = resolve(s.config_dir, v.at("host.plugin_config_dir"));
  s.control_socket = v.at("host.control_socket").empty() ? s.data_dir / "monban.sock"
                                                         : resolve(s.config_dir, v.at("host.control_socket"));
  s.db_backend = v.at("database.backend");
  s.db_connection = v.at("database.connection");
  if (s.db_backend == "sqlite") s.db_connection = resolve(s.data_dir, s.db_connection).string();
  s.db_pool_size = std::stoi(v.at("database.pool_size"));
  s.db_busy_timeout_ms = std::stoi(v.at("database.busy_timeout_ms"));
  s.db_acquire_timeout_ms = std::stoi(v.at("database.acquire_timeout_ms"));
  s.log_level = v.at("log.level");
  s.log_file = v.at("log.file").empty() ? fs::path() : resolve(s.data_dir, v.at("log.file"));
  s.event_queue_limit = std::stoi(v.at("events.queue_limit"));
  return s;
}

}  // namespace monban::host
