#pragma once

#include <memory>
#include <stdexcept>
#include <string>

#include <Poco/JSON/Object.h>

namespace Poco::Net {
class HTTPSClientSession;
}

namespace monban::host {

/// Where the running server's API is, for commands that act through it (the command line
/// cannot talk to controllers itself: the running gate plugin holds their sessions).
struct ServerAccess {
  std::string host = "localhost";
  int port = 8443;
  std::string ca_file;  ///< the certificate to trust; empty: the system's authorities
  std::string login;
  std::string password;
};

/// The web plugin's config (port, certificate) under CONFIG_DIR/plugins/web.ini and the self-signed
/// certificate under DATA_DIR, with the operator's login and password from MONBAN_LOGIN and
/// MONBAN_PASSWORD. Throws ApiClientError naming what is missing.
ServerAccess serverAccessFromConfig(const std::string& pluginConfigDir, const std::string& dataDir);

class ApiClientError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// A signed-in session of one operator on the running server's HTTPS API: its rights, scope and
/// audit apply to every call, as in the web UI.
class ServerApiClient {
public:
  struct Reply {
    int status = 0;
    std::string body;
  };

  /// Signs in; throws ApiClientError with the server's reason (unreachable, refused, password
  /// change required).
  explicit ServerApiClient(const ServerAccess& access);
  /// Signs out.
  ~ServerApiClient();
  ServerApiClient(const ServerApiClient&) = delete;
  ServerApiClient& operator=(const ServerApiClient&) = delete;

  /// One request with the session cookie (and the CSRF token when it changes state).
  Reply call(const std::string& method, const std::string& path, const std::string& jsonBody = "");
  /// call() for a JSON object answer; throws ApiClientError "WHAT: <the server's reason>" when the
  /// server refuses or answers something else.
  Poco::JSON::Object::Ptr callJson(const std::string& method, const std::string& path, const std::string& jsonBody,
                                   const std::string& what);
  /// A GET whose answer is a file (a CSV export): its body; throws ApiClientError "WHAT: <the
  /// server's reason>" when the server refuses.
  std::string download(const std::string& path, const std::string& what);

private:
  Reply send(const std::string& method, const std::string& path, const std::string& jsonBody, bool withSession);

  ServerAccess access_;
  std::unique_ptr<Poco::Net::HTTPSClientSession> session_;
  std::string token_;
  std::string csrf_;
};

}  // namespace monban::host
