#include "RouteReplies.h"

#include <sstream>

#include <monban/sdk/error.hpp>

namespace monban::plugin {

std::string jsonText(const Poco::JSON::Object& object) {
  std::ostringstream out;
  object.stringify(out);
  return out.str();
}

void respondJson(const monban_http_service& http, monban_http_response* response, int status, const std::string& json) {
  http.respond(response, status, "application/json", json.data(), json.size());
}

void respondError(const monban_http_service& http, monban_http_response* response, int status, const std::string& code,
                  const std::string& message) {
  Poco::JSON::Object error;
  error.set("code", code);
  error.set("message", message);
  Poco::JSON::Object root;
  root.set("error", error);
  respondJson(http, response, status, jsonText(root));
}

void addRoute(const monban_http_service& http, monban_plugin_context* plugin, const char* method, const char* path,
              const char* summary, const char* right, const char* level, monban_http_handler handler, void* userData) {
  monban_http_route route{};
  route.struct_size = sizeof route;
  route.method = method;
  route.path = path;
  route.summary = summary;
  route.right = right;
  route.level = level;
  route.handler = handler;
  route.user_data = userData;
  if (http.add_route(plugin, &route) != MONBAN_OK)
    throw monban::sdk::Error(std::string("cannot add route ") + method + " " + path, MONBAN_ERR_INVALID_ARGUMENT);
}

}  // namespace monban::plugin
