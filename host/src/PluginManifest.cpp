#include "monban/host/PluginManifest.h"

#include <fstream>
#include <regex>
#include <sstream>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "monban/host/HostError.h"

namespace monban::host {

bool isValidPluginId(std::string_view id) {
  static const std::regex pattern("[a-z0-9][a-z0-9_-]{0,63}");
  return std::regex_match(id.begin(), id.end(), pattern);
}

bool isValidVersion(std::string_view version) {
  static const std::regex pattern("[0-9]{1,9}\\.[0-9]{1,9}\\.[0-9]{1,9}");
  return std::regex_match(version.begin(), version.end(), pattern);
}

namespace {

std::string requiredString(const Poco::JSON::Object& o, const std::string& key, const std::string& path) {
  if (!o.has(key) || !o.get(key).isString()) throw HostError(path + ": '" + key + "' must be a string");
  return o.getValue<std::string>(key);
}

uint32_t requiredNumber(const Poco::JSON::Object& o, const std::string& key, const std::string& where) {
  if (!o.has(key) || !o.get(key).isInteger()) throw HostError(where + ": '" + key + "' must be an integer");
  const int64_t value = o.getValue<int64_t>(key);
  if (value < 0 || value > 0xffffffffLL) throw HostError(where + ": '" + key + "' is out of range");
  return static_cast<uint32_t>(value);
}

std::vector<ServiceRef> services(const Poco::JSON::Object& o, const std::string& key, const std::string& path) {
  std::vector<ServiceRef> out;
  if (!o.has(key)) return out;
  Poco::JSON::Array::Ptr array = o.getArray(key);
  if (!array) throw HostError(path + ": '" + key + "' must be an array");
  for (std::size_t i = 0; i < array->size(); ++i) {
    Poco::JSON::Object::Ptr s = array->getObject(static_cast<unsigned>(i));
    const std::string where = path + ": " + key + "[" + std::to_string(i) + "]";
    if (!s) throw HostError(where + " must be an object");
    out.push_back(
        {requiredString(*s, "name", where), requiredNumber(*s, "major", where), requiredNumber(*s, "minor", where)});
  }
  return out;
}

}  // namespace

PluginManifest readPluginManifest(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw HostError(path + ": cannot be read");
  std::stringstream text;
  text << in.rdbuf();
  Poco::Dynamic::Var parsed;
  try {
    parsed = Poco::JSON::Parser().parse(text.str());
  } catch (const Poco::Exception& e) {
    throw HostError(path + ": not valid JSON: " + e.displayText());
  }
  if (parsed.type() != typeid(Poco::JSON::Object::Ptr)) throw HostError(path + ": the top level must be an object");
  Poco::JSON::Object::Ptr root = parsed.extract<Poco::JSON::Object::Ptr>();
  PluginManifest m;
  m.id = requiredString(*root, "id", path);
  if (!isValidPluginId(m.id))
    throw HostError(path + ": id '" + m.id + "' must be lowercase letters, digits, '-' or '_'");
  m.version = requiredString(*root, "version", path);
  if (!isValidVersion(m.version)) throw HostError(path + ": version '" + m.version + "' is not MAJOR.MINOR.PATCH");
  m.description = root->optValue<std::string>("description", "");
  m.library = requiredString(*root, "library", path);
  if (m.library.empty() || m.library.find('/') != std::string::npos || m.library.find("..") != std::string::npos)
    throw HostError(path + ": library '" + m.library + "' must be a plain file name beside the manifest");
  Poco::JSON::Object::Ptr abi = root->getObject("abi");
  if (!abi) throw HostError(path + ": 'abi' must be an object with major and minor");
  m.abi_major = requiredNumber(*abi, "major", path + ": abi");
  m.abi_minor = requiredNumber(*abi, "minor", path + ": abi");
  m.requires_services = services(*root, "requires", path);
  m.provides_services = services(*root, "provides", path);
  return m;
}

}  // namespace monban::host
