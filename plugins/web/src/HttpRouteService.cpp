#include "HttpRouteService.h"

#include <atomic>
#include <stdexcept>
#include <string>

#include "PluginResponse.h"
#include "WebContext.h"

namespace monban::web {

namespace {

std::atomic<WebContext*> g_web{nullptr};

std::string text(const char* s) {
  return s == nullptr ? std::string() : std::string(s);
}

monban_status addRoute(monban_plugin_context* caller, const monban_http_route* route) {
  WebContext* web = g_web.load();
  if (web == nullptr) return MONBAN_ERR_WRONG_STATE;
  if (caller == nullptr || route == nullptr || route->struct_size < sizeof(monban_http_route) ||
      route->handler == nullptr)
    return MONBAN_ERR_INVALID_ARGUMENT;
  Route r;
  r.method = text(route->method);
  r.path = text(route->path);
  r.summary = text(route->summary);
  r.tag = "plugins";
  r.right = text(route->right);
  r.level = text(route->level);
  if (r.right.empty() || r.level.empty()) {
    web->host.warning("refused route " + r.method + " " + r.path + ": it must name a right and a level");
    return MONBAN_ERR_INVALID_ARGUMENT;
  }
  r.web_checks_right = true;
  r.body = (r.method == "POST" || r.method == "PUT") ? "json" : "";
  r.owner = caller;
  r.plugin_handler = route->handler;
  r.plugin_user_data = route->user_data;
  try {
    web->router.add(std::move(r));
  } catch (const std::invalid_argument& e) {
    web->host.warning(std::string("refused a plugin route: ") + e.what());
    return MONBAN_ERR_INVALID_ARGUMENT;
  }
  return MONBAN_OK;
}

monban_status removeRoutes(monban_plugin_context* caller) {
  WebContext* web = g_web.load();
  if (web == nullptr) return MONBAN_OK;  // stopped already: no route of anyone is served
  web->router.removeOwner(caller);
  return MONBAN_OK;
}

void respond(monban_http_response* response, int32_t status, const char* contentType, const char* body,
             uint64_t bodySize) {
  if (response == nullptr) return;
  PluginResponse* r = PluginResponse::from(response);
  r->status = (status >= 100 && status <= 599) ? status : 500;
  r->content_type = text(contentType);
  r->body.assign(body == nullptr ? "" : body, body == nullptr ? 0 : bodySize);
}

}  // namespace

monban_http_service makeHttpRouteService() {
  monban_http_service service{};
  service.struct_size = sizeof(service);
  service.add_route = &addRoute;
  service.remove_routes = &removeRoutes;
  service.respond = &respond;
  return service;
}

void bindHttpRouteService(WebContext* web) {
  g_web.store(web);
}

}  // namespace monban::web
