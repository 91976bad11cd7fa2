#pragma once

#include <string>

#include <Poco/JSON/Object.h>

#include <monban/sdk/http.h>

namespace monban::plugin {

/// Product plugins' API routes, served through the web plugin's route service (monban/sdk/http.h):
/// the JSON answers and errors of docs/api.md, and route registration.

/// The object as compact JSON text.
std::string jsonText(const Poco::JSON::Object& object);

/// Answers with `json` as application/json.
void respondJson(const monban_http_service& http, monban_http_response* response, int status, const std::string& json);

/// Answers with the error format of docs/api.md: {"error":{"code","message"}}.
void respondError(const monban_http_service& http, monban_http_response* response, int status, const std::string& code,
                  const std::string& message);

/// Adds one route for `plugin`; throws monban::sdk::Error naming the route when it is refused.
void addRoute(const monban_http_service& http, monban_plugin_context* plugin, const char* method, const char* path,
              const char* summary, const char* right, const char* level, monban_http_handler handler, void* userData);

}  // namespace monban::plugin
