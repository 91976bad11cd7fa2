#pragma once

#include <string>

#include <Poco/JSON/Object.h>

namespace monban::web {

/// The object's JSON text.
std::string toJsonText(const Poco::JSON::Object& object);
/// Parses `text`, which must be a JSON object; throws Poco::Exception (syntax, or not an object).
Poco::JSON::Object::Ptr parseJsonObject(const std::string& text);

}  // namespace monban::web
