#include "SessionRoutes.h"

#include <chrono>
#include <optional>
#include <thread>

#include <Poco/JSON/Object.h>
#include <Poco/Net/HTTPCookie.h>

#include "Json.h"
#include "WebContext.h"

namespace monban::web {

namespace {

/// The rights and password state of an operator document (operators.me).
void applyOperator(Session& session, const Poco::JSON::Object& me) {
  session.operator_id = me.getValue<int64_t>("id");
  session.login_id = me.getValue<std::string>("login_id");
  session.password_change_required = me.optValue<bool>("password_change_required", false);
  session.rights.clear();
  if (auto rights = me.getObject("rights"))
    for (const auto& [key, level] : *rights) session.rights[key] = level.toString();
}

/// Runs a domain call that hashes a password (19 MiB for a moment) in one of the bounded slots;
/// nullopt when none came free within 10 s.
std::optional<DomainReply> callWithHashingSlot(WebContext& web, const std::string& method, int64_t operatorId,
                                               const std::string& request) {
  if (!web.hashing.try_acquire_for(std::chrono::seconds(10))) return std::nullopt;
  struct Release {
    WebContext& web;
    ~Release() { web.hashing.release(); }
  } release{web};
  return web.domain.call(method, operatorId, request);
}

void audit(WebContext& web, int64_t operatorId, const std::string& action, const std::string& outcome,
           const std::string& detail) {
  Poco::JSON::Object record;
  record.set("category", std::string("session"));
  record.set("action", action);
  record.set("outcome", outcome);
  record.set("detail", detail);
  DomainReply reply = web.domain.call("audit.record", operatorId, toJsonText(record));
  if (!reply.ok()) web.host.warning("cannot record " + action + " in the system log: " + reply.json);
}

void setSessionCookie(Exchange& ex, const std::string& token, int maxAgeSeconds) {
  Poco::Net::HTTPCookie cookie(kSessionCookie, token);
  cookie.setPath("/");
  cookie.setSecure(true);
  cookie.setHttpOnly(true);
  cookie.setSameSite(Poco::Net::HTTPCookie::SAME_SITE_STRICT);
  cookie.setMaxAge(maxAgeSeconds);
  ex.response().addCookie(cookie);
}

/// The session document the UI keeps (docs/api.md).
std::string sessionJson(WebContext& web, const Session& session, const std::string& meJson) {
  Poco::JSON::Object o;
  o.set("operator", parseJsonObject(meJson));
  o.set("csrf_token", session.csrf_token);
  o.set("password_change_required", session.password_change_required);
  o.set("idle_expires_at_ms", web.sessions.idleExpiry(session));
  o.set("absolute_expires_at_ms", web.sessions.absoluteExpiry(session));
  return toJsonText(o);
}

}  // namespace

void handleHealth(Exchange& ex) {
  DomainReply reply = ex.context().domain.call("host.status", 0, "{}");
  if (!reply.ok()) {
    ex.sendJson(503, R"({"status":"failed","error":)" + reply.json + "}");
    return;
  }
  ex.sendJson(200, reply.json);
}

void handleSetupStatus(Exchange& ex) {
  DomainReply reply = ex.context().domain.call("operators.setup_status", 0, "{}");
  reply.ok() ? ex.sendJson(200, reply.json) : ex.sendDomainError(reply);
}

void handleLogin(Exchange& ex) {
  WebContext& web = ex.context();
  std::string loginId, password;
  try {
    auto body = parseJsonObject(ex.body(16 * 1024));
    loginId = body->optValue<std::string>("login_id", "");
    password = body->optValue<std::string>("password", "");
  } catch (const Poco::Exception&) {
    ex.sendError(400, "invalid", R"(the body must be {"login_id":"…","password":"…"})");
    return;
  }
  if (loginId.empty() || password.empty()) {
    ex.sendError(400, "invalid", "login_id and password are required");
    return;
  }
  const std::string address = ex.clientAddress();
  if (int64_t wait = web.throttle.lockedFor(loginId, address, web.host.nowMs()); wait > 0) {
    const int64_t seconds = (wait + 999) / 1000;
    ex.response().set("Retry-After", std::to_string(seconds));
    ex.sendJson(429, R"({"error":{"code":"throttled","message":"too many failed sign-ins; try again in )" +
                         std::to_string((seconds + 59) / 60) + R"( minutes","retry_after_s":)" +
                         std::to_string(seconds) + "}}");
    return;
  }
  Poco::JSON::Object credentials;
  credentials.set("login_id", loginId);
  credentials.set("password", password);
  std::optional<DomainReply> checked = callWithHashingSlot(web, "operators.authenticate", 0, toJsonText(credentials));
  if (!checked) {
    ex.sendError(503, "busy", "the server is checking many sign-ins at once; try again in a moment");
    return;
  }
  DomainReply& reply = *checked;
  if (!reply.ok()) {
    if (reply.code != "unauthorized") {
      ex.sendDomainError(reply);
      return;
    }
    const int64_t delay = web.throttle.failed(loginId, address, web.host.nowMs());
    audit(web, 0, "login", "refused", "login ID '" + loginId + "' from " + address);
    std::this_thread::sleep_for(std::chrono::milliseconds(delay));
    ex.sendError(401, "unauthorized", "the login ID or the password is wrong");
    return;
  }
  web.throttle.succeeded(loginId);
  Session session;
  try {
    applyOperator(session, *parseJsonObject(reply.json));
  } catch (const Poco::Exception& e) {
    ex.sendError(500, "internal", "unreadable operator document: " + e.message());
    return;
  }
  session.csrf_token = randomToken();
  // A new sign-in always gets a new token; the browser's old session ends.
  if (!ex.session_token.empty()) web.sessions.remove(ex.session_token);
  std::optional<std::string> token = web.sessions.create(session);
  if (!token) {
    audit(web, session.operator_id, "login", "refused", "session limit reached, from " + address);
    ex.sendError(503, "session_limit",
                 std::to_string(web.sessions.limits().max_sessions) +
                     " sessions are open already; try again when someone signs out (or their session expires)");
    return;
  }
  audit(web, session.operator_id, "login", "ok", "from " + address);
  session = *web.sessions.peek(*token);
  setSessionCookie(ex, *token, static_cast<int>(web.sessions.limits().absolute_ms / 1000));
  ex.sendJson(200, sessionJson(web, session, reply.json));
}

void handleSessionInfo(Exchange& ex) {
  DomainReply reply = ex.context().domain.call("operators.me", ex.session->operator_id, "{}");
  if (!reply.ok()) {
    ex.context().sessions.remove(ex.session_token);
    ex.sendDomainError(reply);
    return;
  }
  ex.sendJson(200, sessionJson(ex.context(), *ex.session, reply.json));
}

void handleLogout(Exchange& ex) {
  ex.context().sessions.remove(ex.session_token);
  audit(ex.context(), ex.session->operator_id, "logout", "ok", "");
  setSessionCookie(ex, "", 0);
  ex.sendEmpty(204);
}

void handleOwnPassword(Exchange& ex) {
  WebContext& web = ex.context();
  std::string request;
  try {
    auto body = parseJsonObject(ex.body(16 * 1024));
    request = toJsonText(*body);
  } catch (const Poco::Exception&) {
    ex.sendError(400, "invalid", R"(the body must be {"current_password":"…","new_password":"…"})");
    return;
  }
  std::optional<DomainReply> changed =
      callWithHashingSlot(web, "operators.change_own_password", ex.session->operator_id, request);
  if (!changed) {
    ex.sendError(503, "busy", "the server is checking many passwords at once; try again in a moment");
    return;
  }
  DomainReply& reply = *changed;
  if (!reply.ok()) {
    // A wrong current password must not end the session: answer 403, not 401.
    if (reply.code == "unauthorized") {
      ex.sendError(403, "forbidden", "the current password is wrong");
      return;
    }
    ex.sendDomainError(reply);
    return;
  }
  web.sessions.update(ex.session->operator_id, [](Session& s) { s.password_change_required = false; });
  ex.sendEmpty(204);
}

void refreshOperatorSessions(WebContext& web, int64_t operatorId) {
  DomainReply reply = web.domain.call("operators.me", operatorId, "{}");
  if (!reply.ok()) {
    if (const std::size_t ended = web.sessions.removeOperator(operatorId); ended > 0)
      web.host.info("ended " + std::to_string(ended) + " session(s) of operator " + std::to_string(operatorId));
    return;
  }
  try {
    auto me = parseJsonObject(reply.json);
    web.sessions.update(operatorId, [&](Session& s) { applyOperator(s, *me); });
  } catch (const Poco::Exception&) {
    web.sessions.removeOperator(operatorId);
  }
}

}  // namespace monban::web
