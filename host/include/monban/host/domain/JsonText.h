#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace monban::host::domain {

/// Appends `value` as a JSON string literal. Snapshots for the user-setting history are written
/// for every imported row, so they are built directly rather than through a DOM.
void appendJsonString(std::string& out, std::string_view value);

/// A flat JSON object built field by field.
class JsonObject {
public:
  JsonObject& add(std::string_view key, std::string_view value);
  JsonObject& add(std::string_view key, int64_t value);
  /// `json` is already JSON (an array or object).
  JsonObject& addRaw(std::string_view key, std::string_view json);
  std::string str() const { return text_ + "}"; }

private:
  void key(std::string_view key);
  std::string text_ = "{";
};

/// A JSON array of strings.
std::string jsonStringArray(const std::vector<std::string>& values);

}  // namespace monban::host::domain
