#include "monban/host/api/JsonRequest.h"

#include <charconv>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/JSONException.h>
#include <Poco/JSON/Parser.h>

#include "monban/host/domain/DomainError.h"

namespace monban::host::api {

using domain::DomainError;

namespace {

[[noreturn]] void wrongType(const std::string& key, const char* expected) {
  throw DomainError("invalid", "field '" + key + "' must be " + expected);
}

std::optional<int64_t> integerFromText(const std::string& text) {
  int64_t value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

std::vector<std::string> splitComma(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = text.find(',', start);
    const std::string part = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (!part.empty()) out.push_back(part);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

}  // namespace

JsonRequest JsonRequest::parse(const std::string& text) {
  if (text.empty()) return JsonRequest(new Poco::JSON::Object);
  try {
    Poco::JSON::Parser parser;
    Poco::Dynamic::Var value = parser.parse(text);
    if (value.type() != typeid(Poco::JSON::Object::Ptr))
      throw DomainError("invalid", "the request must be a JSON object");
    return JsonRequest(value.extract<Poco::JSON::Object::Ptr>());
  } catch (const Poco::Exception& e) {
    throw DomainError("invalid", "the request is not valid JSON: " + e.message());
  }
}

bool JsonRequest::has(const std::string& key) const {
  return object_->has(key) && !object_->isNull(key);
}

std::string JsonRequest::text(const std::string& key, const std::string& fallback) const {
  if (!has(key)) return fallback;
  const Poco::Dynamic::Var value = object_->get(key);
  if (!value.isString()) wrongType(key, "a string");
  return value.extract<std::string>();
}

std::string JsonRequest::requiredText(const std::string& key) const {
  if (!has(key)) throw DomainError("invalid", "field '" + key + "' is required");
  return text(key);
}

std::optional<int64_t> JsonRequest::integer(const std::string& key) const {
  if (!has(key)) return std::nullopt;
  const Poco::Dynamic::Var value = object_->get(key);
  if (value.isString()) {
    const std::string text = value.extract<std::string>();
    if (text.empty()) return std::nullopt;
    if (auto parsed = integerFromText(text)) return parsed;
    wrongType(key, "an integer");
  }
  if (!value.isInteger()) wrongType(key, "an integer");
  return value.convert<int64_t>();
}

int64_t JsonRequest::requiredInteger(const std::string& key) const {
  auto value = integer(key);
  if (!value) throw DomainError("invalid", "field '" + key + "' is required");
  return *value;
}

bool JsonRequest::boolean(const std::string& key, bool fallback) const {
  if (!has(key)) return fallback;
  const Poco::Dynamic::Var value = object_->get(key);
  if (value.isBoolean()) return value.extract<bool>();
  if (value.isString()) {
    const std::string text = value.extract<std::string>();
    if (text == "true" || text == "1") return true;
    if (text == "false" || text == "0" || text.empty()) return false;
  }
  wrongType(key, "true or false");
}

std::vector<int64_t> JsonRequest::integers(const std::string& key) const {
  std::vector<int64_t> out;
  if (!has(key)) return out;
  const Poco::Dynamic::Var value = object_->get(key);
  if (value.isString()) {
    for (const std::string& part : splitComma(value.extract<std::string>())) {
      auto parsed = integerFromText(part);
      if (!parsed) wrongType(key, "a list of integers");
      out.push_back(*parsed);
    }
    return out;
  }
  Poco::JSON::Array::Ptr array = object_->getArray(key);
  if (!array) wrongType(key, "an array of integers");
  for (unsigned i = 0; i < array->size(); ++i) {
    const Poco::Dynamic::Var item = array->get(i);
    if (!item.isInteger()) wrongType(key, "an array of integers");
    out.push_back(item.convert<int64_t>());
  }
  return out;
}

std::vector<std::string> JsonRequest::texts(const std::string& key) const {
  std::vector<std::string> out;
  if (!has(key)) return out;
  const Poco::Dynamic::Var value = object_->get(key);
  if (value.isString()) return splitComma(value.extract<std::string>());
  Poco::JSON::Array::Ptr array = object_->getArray(key);
  if (!array) wrongType(key, "an array of strings");
  for (unsigned i = 0; i < array->size(); ++i) {
    const Poco::Dynamic::Var item = array->get(i);
    if (!item.isString()) wrongType(key, "an array of strings");
    out.push_back(item.extract<std::string>());
  }
  return out;
}

JsonRequest JsonRequest::object(const std::string& key) const {
  if (!has(key)) return JsonRequest(new Poco::JSON::Object);
  Poco::JSON::Object::Ptr nested = object_->getObject(key);
  if (!nested) wrongType(key, "an object");
  return JsonRequest(nested);
}

std::vector<JsonRequest> JsonRequest::objects(const std::string& key) const {
  std::vector<JsonRequest> out;
  if (!has(key)) return out;
  Poco::JSON::Array::Ptr array = object_->getArray(key);
  if (!array) wrongType(key, "an array of objects");
  for (unsigned i = 0; i < array->size(); ++i) {
    Poco::JSON::Object::Ptr item = array->getObject(i);
    if (!item) wrongType(key, "an array of objects");
    out.emplace_back(item);
  }
  return out;
}

}  // namespace monban::host::api
