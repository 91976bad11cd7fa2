#pragma once

#include <map>
#include <optional>
#include <string>

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

#include "DomainClient.h"
#include "SessionStore.h"

namespace monban::web {

struct WebContext;

/// One API request and its response, with what the checks found out on the way.
class Exchange {
public:
  Exchange(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response, WebContext& context);

  Poco::Net::HTTPServerRequest& request() { return request_; }
  Poco::Net::HTTPServerResponse& response() { return response_; }
  WebContext& context() { return context_; }

  const std::string& path() const { return path_; }
  /// Query parameters; a repeated one is joined with commas.
  const std::map<std::string, std::string>& query() const { return query_; }
  std::string queryValue(const std::string& name) const;
  /// The body, read once; throws BodyTooLarge past `limit` bytes.
  const std::string& body(int64_t limit);
  std::string clientAddress() const;
  /// The session cookie's value, if any.
  std::string sessionToken() const;

  std::optional<Session> session;
  std::string session_token;
  std::map<std::string, std::string> params;

  void sendJson(int status, const std::string& json);
  void sendError(int status, const std::string& code, const std::string& message);
  /// A domain failure with its HTTP status (docs/api.md).
  void sendDomainError(const DomainReply& reply);
  void sendEmpty(int status);
  bool responded() const { return response_.sent(); }

  /// Ends the connection after this answer when the request's body was never read.
  void closeIfBodyUnread();

private:
  Poco::Net::HTTPServerRequest& request_;
  Poco::Net::HTTPServerResponse& response_;
  WebContext& context_;
  std::string path_;
  std::map<std::string, std::string> query_;
  std::optional<std::string> body_;
};

struct BodyTooLarge {
  int64_t limit;
};

/// The HTTP status for a domain error code.
int httpStatusOf(const std::string& code);

/// Sets the headers every answer carries (CSP, no framing, no sniffing, HSTS).
void setSecurityHeaders(Poco::Net::HTTPServerResponse& response);

}  // namespace monban::web
