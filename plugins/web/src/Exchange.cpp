#include "Exchange.h"

#include <Poco/JSON/Object.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include "Json.h"
#include "WebContext.h"

namespace monban::web {

namespace {

std::string errorObject(const std::string& code, const std::string& message) {
  Poco::JSON::Object error;
  error.set("code", code);
  error.set("message", message);
  Poco::JSON::Object root;
  root.set("error", error);
  return toJsonText(root);
}

}  // namespace

int httpStatusOf(const std::string& code) {
  if (code == "invalid") return 400;
  if (code == "unauthorized") return 401;
  if (code == "forbidden") return 403;
  if (code == "not_found") return 404;
  if (code == "conflict" || code == "limit") return 409;
  if (code == "fixed_right") return 422;
  return 500;
}

void setSecurityHeaders(Poco::Net::HTTPServerResponse& response) {
  response.set("Content-Security-Policy",
               "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
               "font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
               "form-action 'self'");
  response.set("X-Frame-Options", "DENY");
  response.set("X-Content-Type-Options", "nosniff");
  response.set("Referrer-Policy", "no-referrer");
  response.set("Strict-Transport-Security", "max-age=31536000");
  response.set("Cross-Origin-Opener-Policy", "same-origin");
  response.set("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
}

Exchange::Exchange(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response, WebContext& context)
    : request_(request), response_(response), context_(context) {
  Poco::URI uri(request.getURI());
  path_ = uri.getPath();
  for (const auto& [name, value] : uri.getQueryParameters()) {
    auto [it, fresh] = query_.emplace(name, value);
    if (!fresh) it->second += "," + value;
  }
}

std::string Exchange::queryValue(const std::string& name) const {
  auto it = query_.find(name);
  return it == query_.end() ? std::string() : it->second;
}

const std::string& Exchange::body(int64_t limit) {
  if (!body_) {
    if (request_.hasContentLength() && request_.getContentLength64() > limit) throw BodyTooLarge{limit};
    std::string data;
    std::istream& in = request_.stream();
    char buffer[64 * 1024];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
      data.append(buffer, static_cast<std::size_t>(in.gcount()));
      if (static_cast<int64_t>(data.size()) > limit) throw BodyTooLarge{limit};
    }
    body_ = std::move(data);
  }
  return *body_;
}

std::string Exchange::clientAddress() const {
  return request_.clientAddress().host().toString();
}

std::string Exchange::sessionToken() const {
  Poco::Net::NameValueCollection cookies;
  request_.getCookies(cookies);
  return cookies.get(kSessionCookie, "");
}

void Exchange::closeIfBodyUnread() {
  // An unread body would be taken for the next request on a kept-alive connection.
  if (!body_ &&
      (request_.getChunkedTransferEncoding() || (request_.hasContentLength() && request_.getContentLength64() > 0)))
    response_.setKeepAlive(false);
}

void Exchange::sendJson(int status, const std::string& json) {
  closeIfBodyUnread();
  response_.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
  response_.setContentType("application/json; charset=utf-8");
  response_.set("Cache-Control", "no-store");
  // The stream send() returns writes through a 4 KiB buffer, one TLS record and system call per
  // buffer; a page of a list is several times that, so it goes out in one write after the header.
  // Small answers keep the stream, which sends header and body together.
  constexpr std::size_t kOneWriteFrom = 2048;
  if (json.size() >= kOneWriteFrom) {
    response_.sendBuffer(json.data(), json.size());
    return;
  }
  response_.setContentLength64(static_cast<Poco::Int64>(json.size()));
  response_.send() << json;
}

void Exchange::sendError(int status, const std::string& code, const std::string& message) {
  sendJson(status, errorObject(code, message));
}

void Exchange::sendDomainError(const DomainReply& reply) {
  sendJson(httpStatusOf(reply.code), "{\"error\":" + reply.json + "}");
}

void Exchange::sendEmpty(int status) {
  closeIfBodyUnread();
  response_.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
  response_.set("Cache-Control", "no-store");
  response_.setContentLength(0);
  response_.send();
}

}  // namespace monban::web
