#include "WebServer.h"

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/URI.h>

#include "ApiHandler.h"
#include "Exchange.h"
#include "StaticFiles.h"
#include "WebContext.h"

namespace monban::web {

namespace {

class WebRequestHandler : public Poco::Net::HTTPRequestHandler {
public:
  explicit WebRequestHandler(WebContext& web) : web_(web) {}
  void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override {
    setSecurityHeaders(response);
    try {
      if (Poco::URI(request.getURI()).getPath().rfind("/api/", 0) == 0) {
        Exchange exchange(request, response, web_);
        handleApiRequest(exchange);
      } else {
        serveStaticFile(web_.settings.assets_dir, request, response);
      }
    } catch (const std::exception& e) {
      web_.host.error("request " + request.getMethod() + " " + request.getURI() + " failed: " + e.what());
      if (!response.sent()) {
        response.setKeepAlive(false);
        response.setStatus(Poco::Net::HTTPResponse::HTTP_INTERNAL_SERVER_ERROR);
        response.setContentType("application/json");
        response.send() << R"({"error":{"code":"internal","message":"the server failed; see its log"}})";
      }
    }
  }

private:
  WebContext& web_;
};

class WebHandlerFactory : public Poco::Net::HTTPRequestHandlerFactory {
public:
  explicit WebHandlerFactory(WebContext& web) : web_(web) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
    return new WebRequestHandler(web_);
  }

private:
  WebContext& web_;
};

/// Plain HTTP: never serves anything but a redirect to the same path over HTTPS.
class RedirectHandler : public Poco::Net::HTTPRequestHandler {
public:
  explicit RedirectHandler(int httpsPort) : https_port_(httpsPort) {}
  void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override {
    std::string host = request.getHost();
    if (host.empty()) host = "localhost";
    if (host.front() != '[') host = host.substr(0, host.find(':'));  // drop the plain port
    response.redirect("https://" + host + (https_port_ == 443 ? "" : ":" + std::to_string(https_port_)) +
                          Poco::URI(request.getURI()).getPathEtc(),
                      Poco::Net::HTTPResponse::HTTP_MOVED_PERMANENTLY);
  }

private:
  int https_port_;
};

class RedirectFactory : public Poco::Net::HTTPRequestHandlerFactory {
public:
  explicit RedirectFactory(int httpsPort) : https_port_(httpsPort) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
    return new RedirectHandler(https_port_);
  }

private:
  int https_port_;
};

}  // namespace

WebServer::WebServer(WebContext& web, const TlsFiles& tls) : web_(web) {
  Poco::Net::Context::Params params;
  params.certificateFile = tls.certificate.string();
  params.privateKeyFile = tls.private_key.string();
  params.verificationMode = Poco::Net::Context::VERIFY_NONE;
  params.cipherList = "ECDHE+AESGCM:ECDHE+CHACHA20:!aNULL:!MD5:!RC4";
  Poco::Net::Context::Ptr context = new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, params);
  context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
  context->enableExtendedCertificateVerification(false);

  const auto& s = web.settings;
  // More threads than concurrent clients (browsers' live streams each hold one), so keep-alive
  // clients never queue behind each other.
  pool_ = std::make_unique<Poco::ThreadPool>(16, s.threads, 60, 256 * 1024);
  auto* serverParams = new Poco::Net::HTTPServerParams;
  serverParams->setMaxThreads(s.threads);
  serverParams->setMaxQueued(1024);
  serverParams->setKeepAlive(true);
  serverParams->setMaxKeepAliveRequests(10000);
  serverParams->setKeepAliveTimeout(Poco::Timespan(15, 0));
  serverParams->setTimeout(Poco::Timespan(60, 0));
  serverParams->setServerName("Monban");
  Poco::Net::SecureServerSocket socket(Poco::Net::SocketAddress(s.bind, static_cast<Poco::UInt16>(s.port)), 256,
                                       context);
  https_ = std::make_unique<Poco::Net::HTTPServer>(new WebHandlerFactory(web), *pool_, socket, serverParams);

  if (s.http_port != 0) {
    redirect_pool_ = std::make_unique<Poco::ThreadPool>(2, 8);
    Poco::Net::ServerSocket plain(Poco::Net::SocketAddress(s.bind, static_cast<Poco::UInt16>(s.http_port)), 64);
    auto* redirectParams = new Poco::Net::HTTPServerParams;
    redirectParams->setMaxThreads(8);
    redirectParams->setKeepAlive(false);
    redirect_ = std::make_unique<Poco::Net::HTTPServer>(new RedirectFactory(static_cast<int>(httpsPort())),
                                                        *redirect_pool_, plain, redirectParams);
  }
}

WebServer::~WebServer() {
  stop();
}

void WebServer::start() {
  https_->start();
  if (redirect_) redirect_->start();
}

void WebServer::stop() {
  if (redirect_) redirect_->stopAll(true);
  if (https_) https_->stopAll(true);
  if (pool_) pool_->joinAll();
  if (redirect_pool_) redirect_pool_->joinAll();
}

uint16_t WebServer::httpsPort() const {
  return https_->port();
}

}  // namespace monban::web
