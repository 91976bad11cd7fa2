#include "ApiHandler.h"

#include <mutex>

#include <Poco/JSON/Object.h>

#include "Json.h"
#include "PluginResponse.h"
#include "WebContext.h"

namespace monban::web {

namespace {

int rank(const std::string& level) {
  return level == "edit" ? 2 : level == "view" ? 1 : 0;
}

/// The domain request of a route: the JSON body, then query parameters, then path parameters.
std::string domainRequest(Exchange& ex, const Route& route) {
  Poco::JSON::Object::Ptr request = new Poco::JSON::Object;
  if (route.body == "json") {
    const std::string& body = ex.body(1 << 20);
    if (!body.empty()) request = parseJsonObject(body);
  }
  for (const auto& [name, value] : ex.query()) request->set(name, value);
  for (const auto& [name, value] : ex.params) request->set(name, value);
  return toJsonText(*request);
}

void callDomain(Exchange& ex, const Route& route) {
  std::string request;
  try {
    request = domainRequest(ex, route);
  } catch (const Poco::Exception& e) {
    ex.sendError(400, "invalid", "the request body is not a JSON object: " + e.message());
    return;
  }
  DomainReply reply = ex.context().domain.call(route.domain_method, ex.session->operator_id, request);
  if (!reply.ok()) {
    if (reply.code == "unauthorized")
      ex.context().sessions.remove(ex.session_token);  // the operator was disabled meanwhile
    ex.sendDomainError(reply);
  } else if (route.success_status == 204) {
    ex.sendEmpty(204);
  } else {
    ex.sendJson(route.success_status, reply.json);
  }
}

void callPlugin(Exchange& ex, const Route& route) {
  const std::string body = ex.body(ex.context().settings.max_upload_bytes);
  Poco::JSON::Object params;
  for (const auto& [name, value] : ex.params) params.set(name, value);
  const std::string paramsText = toJsonText(params);
  const std::string& uri = ex.request().getURI();
  const std::size_t mark = uri.find('?');
  const std::string query = mark == std::string::npos ? std::string() : uri.substr(mark + 1);
  const std::string contentType = ex.request().getContentType();
  monban_http_request request{};
  request.struct_size = sizeof(request);
  request.method = route.method.c_str();
  request.path = ex.path().c_str();
  request.path_params = paramsText.c_str();
  request.query = query.c_str();
  request.content_type = contentType.c_str();
  request.body = body.data();
  request.body_size = body.size();
  request.operator_id = ex.session->operator_id;
  request.operator_login = ex.session->login_id.c_str();
  PluginResponse response;
  monban_status status;
  {
    std::shared_lock guard(ex.context().router.callGuard());
    status = route.plugin_handler(route.plugin_user_data, &request, response.handle());
  }
  if (status != MONBAN_OK)
    ex.context().host.warning("route " + route.method + " " + route.path + " returned status " +
                              std::to_string(status));
  if (response.status == 0) {
    ex.sendError(500, "internal", "the plugin's handler for " + route.path + " gave no answer");
    return;
  }
  ex.response().setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(response.status));
  ex.response().setContentType(response.content_type.empty() ? "application/octet-stream" : response.content_type);
  ex.response().set("Cache-Control", "no-store");
  ex.response().setContentLength64(static_cast<Poco::Int64>(response.body.size()));
  ex.response().send() << response.body;
}

}  // namespace

bool sessionAllows(const Session& session, const std::string& right, const std::string& level) {
  if (right.empty()) return true;
  std::size_t start = 0;
  while (start <= right.size()) {
    std::size_t bar = right.find('|', start);
    if (bar == std::string::npos) bar = right.size();
    auto it = session.rights.find(right.substr(start, bar - start));
    if (it != session.rights.end() && rank(it->second) >= rank(level)) return true;
    start = bar + 1;
  }
  return false;
}

void handleApiRequest(Exchange& ex) {
  WebContext& web = ex.context();
  bool pathKnown = false;
  std::optional<RouteMatch> match = web.router.match(ex.request().getMethod(), ex.path(), &pathKnown);
  if (!match) {
    if (pathKnown)
      ex.sendError(405, "method_not_allowed", ex.request().getMethod() + " is not allowed on " + ex.path());
    else
      ex.sendError(404, "not_found", "no API route " + ex.path());
    return;
  }
  const Route& route = *match->route;
  ex.params = std::move(match->params);
  ex.session_token = ex.sessionToken();
  if (route.needs_session) {
    ex.session = ex.session_token.empty() ? std::nullopt : web.sessions.touch(ex.session_token);
    if (!ex.session) {
      ex.sendError(401, "unauthorized", "sign in first (no session, or it expired)");
      return;
    }
    if (ex.session->password_change_required && !route.during_password_change) {
      ex.sendError(403, "password_change_required", "change the one-time password first");
      return;
    }
    if (route.method != "GET") {
      const std::string token = ex.request().get("X-CSRF-Token", "");
      if (!sameSecret(token, ex.session->csrf_token)) {
        ex.sendError(403, "csrf", "the X-CSRF-Token header is missing or wrong; reload the page");
        return;
      }
    }
    // Plugin routes are checked here; built-in ones by the domain, which knows scope too.
    if (route.web_checks_right && !sessionAllows(*ex.session, route.right, route.level)) {
      ex.sendError(403, "forbidden", "this needs the right '" + route.right + "' at " + route.level);
      return;
    }
  }
  try {
    if (!route.domain_method.empty())
      callDomain(ex, route);
    else if (route.handler)
      route.handler(ex);
    else if (route.plugin_handler)
      callPlugin(ex, route);
  } catch (const BodyTooLarge& e) {
    if (!ex.responded())
      ex.sendError(413, "too_large", "the request body is over " + std::to_string(e.limit >> 20) + " MiB");
  }
}

}  // namespace monban::web
