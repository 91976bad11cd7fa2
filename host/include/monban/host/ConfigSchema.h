#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace monban::host {

using ConfigValues = std::map<std::string, std::string>;

enum class ConfigType { String = 1, Integer, Boolean, Choice };

/// One key a config file may hold.
struct ConfigKeySpec {
  std::string key;
  ConfigType type = ConfigType::String;
  std::optional<std::string> default_value;  ///< none: the key is required
  int64_t min_value = 0;                     ///< inclusive bounds for integers
  int64_t max_value = 0;
  std::vector<std::string> choices;  ///< allowed values for ConfigType::Choice
  std::string description;
};

/// The keys a config file may hold. Validation reports every unknown key, missing required key
/// and bad value at once, each with the file and the key, and changes nothing on failure.
class ConfigSchema {
public:
  void add(ConfigKeySpec spec);
  const std::vector<ConfigKeySpec>& keys() const { return keys_; }

  /// Returns the values with defaults applied and booleans spelled "true"/"false"; throws
  /// ConfigError naming `file` and each bad key.
  ConfigValues validate(const std::string& file, const ConfigValues& raw) const;

private:
  std::optional<std::string> checkValue(const ConfigKeySpec& spec, const std::string& value,
                                        std::string& normalised) const;
  std::vector<ConfigKeySpec> keys_;
};

/// Reads an INI file ("[section]" then "key = value"; ';' or '#' start comments) into
/// "section.key" -> value. A missing file is empty when `optional`, an error otherwise.
ConfigValues readIniFile(const std::string& path, bool optional);

}  // namespace monban::host
