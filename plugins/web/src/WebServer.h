#pragma once

#include <memory>

#include <Poco/Net/HTTPServer.h>
#include <Poco/ThreadPool.h>

#include "TlsCertificate.h"

namespace monban::web {

struct WebContext;

/// The HTTPS server (TLS 1.2 and newer only) and the plain-HTTP server that only redirects.
class WebServer {
public:
  WebServer(WebContext& web, const TlsFiles& tls);
  ~WebServer();
  void start();
  /// Stops accepting, ends open connections and waits for running requests.
  void stop();
  uint16_t httpsPort() const;

private:
  WebContext& web_;
  std::unique_ptr<Poco::ThreadPool> pool_;
  std::unique_ptr<Poco::Net::HTTPServer> https_;
  std::unique_ptr<Poco::ThreadPool> redirect_pool_;
  std::unique_ptr<Poco::Net::HTTPServer> redirect_;
};

}  // namespace monban::web
