#include "Json.h"

#include <sstream>

#include <Poco/JSON/Parser.h>

namespace monban::web {

std::string toJsonText(const Poco::JSON::Object& object) {
  std::ostringstream out;
  object.stringify(out);
  return out.str();
}

Poco::JSON::Object::Ptr parseJsonObject(const std::string& text) {
  Poco::JSON::Parser parser;
  Poco::Dynamic::Var value = parser.parse(text);
  if (value.type() != typeid(Poco::JSON::Object::Ptr)) throw Poco::SyntaxException("not a JSON object");
  return value.extract<Poco::JSON::Object::Ptr>();
}

}  // namespace monban::web
