#pragma once

#include <string>

#include <monban/sdk/http.h>

namespace monban::web {

/// What a plugin's route handler fills through the service's respond(); handed to it as the
/// opaque monban_http_response.
struct PluginResponse {
  int status = 0;  ///< 0: the handler did not answer
  std::string content_type;
  std::string body;

  monban_http_response* handle() { return reinterpret_cast<monban_http_response*>(this); }
  static PluginResponse* from(monban_http_response* handle) { return reinterpret_cast<PluginResponse*>(handle); }
};

}  // namespace monban::web
