#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <Poco/JSON/Object.h>

namespace monban::host::api {

/// The JSON object of one domain call, read field by field. Values that arrive as text (query
/// parameters passed through by the web plugin) are accepted where a number or a boolean is
/// expected. A wrong type throws DomainError "invalid" naming the field.
class JsonRequest {
public:
  /// Parses `text`; throws DomainError "invalid" with the parser's message.
  static JsonRequest parse(const std::string& text);
  explicit JsonRequest(Poco::JSON::Object::Ptr object) : object_(std::move(object)) {}

  bool has(const std::string& key) const;
  std::string text(const std::string& key, const std::string& fallback = {}) const;
  std::string requiredText(const std::string& key) const;
  std::optional<int64_t> integer(const std::string& key) const;
  int64_t requiredInteger(const std::string& key) const;
  bool boolean(const std::string& key, bool fallback = false) const;
  /// An array of integers, or a comma-separated text of them.
  std::vector<int64_t> integers(const std::string& key) const;
  /// An array of texts, or a comma-separated text.
  std::vector<std::string> texts(const std::string& key) const;
  /// A nested object; an empty one when absent.
  JsonRequest object(const std::string& key) const;
  /// The nested array of objects under `key`.
  std::vector<JsonRequest> objects(const std::string& key) const;
  const Poco::JSON::Object& raw() const { return *object_; }

private:
  Poco::JSON::Object::Ptr object_;
};

}  // namespace monban::host::api
