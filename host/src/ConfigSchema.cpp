#include "monban/host/ConfigSchema.h"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <Poco/String.h>

#include "monban/host/HostError.h"

namespace monban::host {

void ConfigSchema::add(ConfigKeySpec spec) {
  keys_.push_back(std::move(spec));
}

std::optional<std::string> ConfigSchema::checkValue(const ConfigKeySpec& spec, const std::string& value,
                                                    std::string& normalised) const {
  normalised = value;
  switch (spec.type) {
    case ConfigType::String:
      return std::nullopt;
    case ConfigType::Integer: {
      int64_t parsed = 0;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), parsed);
      if (ec != std::errc() || end != value.data() + value.size() || value.empty())
        return "'" + value + "' is not an integer";
      if (parsed < spec.min_value || parsed > spec.max_value)
        return "'" + value + "' is outside " + std::to_string(spec.min_value) + ".." + std::to_string(spec.max_value);
      return std::nullopt;
    }
    case ConfigType::Boolean: {
      std::string lower = Poco::toLower(value);
      if (lower == "true" || lower == "yes" || lower == "on" || lower == "1") {
        normalised = "true";
        return std::nullopt;
      }
      if (lower == "false" || lower == "no" || lower == "off" || lower == "0") {
        normalised = "false";
        return std::nullopt;
      }
      return "'" + value + "' is not a boolean (true or false)";
    }
    case ConfigType::Choice: {
      if (std::find(spec.choices.begin(), spec.choices.end(), value) != spec.choices.end()) return std::nullopt;
      std::string allowed;
      for (const auto& c : spec.choices) allowed += (allowed.empty() ? "" : ", ") + c;
      return "'" + value + "' is not one of " + allowed;
    }
  }
  return "unknown key type";
}

ConfigValues ConfigSchema::validate(const std::string& file, const ConfigValues& raw) const {
  std::vector<std::string> problems;
  ConfigValues result;
  for (const auto& [key, value] : raw) {
    auto spec = std::find_if(keys_.begin(), keys_.end(), [&](const ConfigKeySpec& s) { return s.key == key; });
    if (spec == keys_.end()) {
      problems.push_back(file + ": unknown key '" + key + "'");
      continue;
    }
    std::string normalised;
    if (auto problem = checkValue(*spec, value, normalised))
      problems.push_back(file + ": key '" + key + "': " + *problem);
    else
      result[key] = normalised;
  }
  for (const ConfigKeySpec& spec : keys_) {
    if (result.count(spec.key) != 0 || raw.count(spec.key) != 0) continue;
    if (!spec.default_value) {
      problems.push_back(file + ": required key '" + spec.key + "' is missing");
      continue;
    }
    std::string normalised;
    if (auto problem = checkValue(spec, *spec.default_value, normalised))
      problems.push_back(file + ": key '" + spec.key + "': default " + *problem);
    else
      result[spec.key] = normalised;
  }
  if (!problems.empty()) {
    std::ostringstream message;
    for (size_t i = 0; i < problems.size(); ++i) message << (i ? "\n" : "") << problems[i];
    throw ConfigError(message.str());
  }
  return result;
}

ConfigValues readIniFile(const std::string& path, bool optional) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    if (optional) return {};
    throw ConfigError(path + ": file not found");
  }
  std::ifstream in(path);
  if (!in) throw ConfigError(path + ": cannot be read");
  // One pass over the lines: every line is a comment, a section header or `key = value`, and a
  // key may be set once; anything else is an error naming the line.
  ConfigValues values;
  std::string line;
  std::string section;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    const std::string where = path + ":" + std::to_string(number) + ": ";
    const std::string t = Poco::trim(line);
    if (t.empty() || t[0] == ';' || t[0] == '#') continue;
    if (t[0] == '[') {
      if (t.back() != ']') throw ConfigError(where + "unterminated section header");
      section = Poco::toLower(Poco::trim(t.substr(1, t.size() - 2)));
      continue;
    }
    const auto equals = t.find('=');
    if (equals == std::string::npos) throw ConfigError(where + "expected 'key = value', got '" + t + "'");
    const std::string key = Poco::toLower(Poco::trim(t.substr(0, equals)));
    if (key.empty()) throw ConfigError(where + "a key is missing before '='");
    const std::string full = section.empty() ? key : section + "." + key;
    if (!values.emplace(full, Poco::trim(t.substr(equals + 1))).second)
      throw ConfigError(where + "key '" + full + "' is set twice");
  }
  return values;
}

}  // namespace monban::host
