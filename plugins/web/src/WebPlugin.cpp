// The web plugin: the HTTPS REST API over the domain, the operator web UI, live updates, and the
// HTTP route service other plugins add their endpoints through (docs/api.md).
#include <dlfcn.h>

#include <Poco/JSON/Object.h>
#include <Poco/Net/NetSSL.h>

#include <monban/sdk/domain.h>
#include <monban/sdk/plugin.hpp>

#include "ApiRoutes.h"
#include "EventStream.h"
#include "HttpRouteService.h"
#include "Json.h"
#include "SessionRoutes.h"
#include "TlsCertificate.h"
#include "WebContext.h"
#include "WebServer.h"
#include "monban_plugin_manifest.h"

namespace {

using namespace monban::web;

const monban_config_key kConfigKeys[] = {
    {"bind", MONBAN_CONFIG_STRING, "0.0.0.0", 0, 0, "address the servers listen on"},
    {"port", MONBAN_CONFIG_INTEGER, "8443", 1, 65535, "HTTPS port of the API and the web UI"},
    {"http_port", MONBAN_CONFIG_INTEGER, "8080", 0, 65535, "plain HTTP port that only redirects to HTTPS; 0: off"},
    {"certificate_file", MONBAN_CONFIG_STRING, "", 0, 0,
     "PEM certificate (chain); empty: a self-signed one made on first start"},
    {"private_key_file", MONBAN_CONFIG_STRING, "", 0, 0, "PEM private key of certificate_file"},
    {"assets_dir", MONBAN_CONFIG_STRING, "", 0, 0, "built web UI; empty: web-ui next to the plugin library"},
    {"max_sessions", MONBAN_CONFIG_INTEGER, "100", 1, 10000, "signed-in sessions at once"},
    {"idle_minutes", MONBAN_CONFIG_INTEGER, "30", 1, 1440, "a session ends after this long without a request"},
    {"absolute_hours", MONBAN_CONFIG_INTEGER, "12", 1, 168, "a session ends this long after sign-in"},
    {"threads", MONBAN_CONFIG_INTEGER, "256", 8, 2048, "request threads (more than concurrent clients)"},
    {"login_concurrency", MONBAN_CONFIG_INTEGER, "4", 1, 64, "password checks at once (19 MiB each)"},
    {"max_upload_mb", MONBAN_CONFIG_INTEGER, "64", 1, 1024, "largest request body (CSV import)"},
};

std::filesystem::path libraryDirectory() {
  Dl_info info{};
  if (dladdr(reinterpret_cast<const void*>(&libraryDirectory), &info) == 0 || info.dli_fname == nullptr) return {};
  return std::filesystem::path(info.dli_fname).parent_path();
}

class WebPlugin final : public monban::sdk::Plugin {
public:
  explicit WebPlugin(monban::sdk::Host host) : Plugin(host) {}

  void initialise() override {
    const auto& h = host();
    settings_.bind = h.config("bind");
    settings_.port = static_cast<int>(h.configInteger("port"));
    settings_.http_port = static_cast<int>(h.configInteger("http_port"));
    settings_.certificate_file = h.config("certificate_file");
    settings_.private_key_file = h.config("private_key_file");
    settings_.assets_dir = h.config("assets_dir");
    if (settings_.assets_dir.empty()) settings_.assets_dir = libraryDirectory() / "web-ui";
    settings_.threads = static_cast<int>(h.configInteger("threads"));
    settings_.login_concurrency = static_cast<int>(h.configInteger("login_concurrency"));
    settings_.max_upload_bytes = h.configInteger("max_upload_mb") << 20;
    limits_.max_sessions = static_cast<std::size_t>(h.configInteger("max_sessions"));
    limits_.idle_ms = h.configInteger("idle_minutes") * 60 * 1000;
    limits_.absolute_ms = h.configInteger("absolute_hours") * 3600 * 1000;
    domain_ = &h.require<monban_domain_service>(MONBAN_DOMAIN_SERVICE, 1, 0);
    route_service_ = makeHttpRouteService();
    h.provide(MONBAN_HTTP_SERVICE, 1, 0, &route_service_);
  }

  void start() override {
    try {
      startServing();
    } catch (const Poco::Exception& e) {
      stop();
      throw std::runtime_error(e.displayText());  // Poco's what() alone says only "Net Exception"
    }
  }

  void startServing() {
    Poco::Net::initializeSSL();
    const char* dataDir = host().api()->plugin_data_dir(host().context());
    if (dataDir == nullptr) throw std::runtime_error("no data directory for the self-signed certificate");
    const TlsFiles tls = prepareTlsFiles(settings_.certificate_file, settings_.private_key_file, dataDir);
    web_ = std::make_unique<WebContext>(host(), settings_, *domain_, limits_);
    addBuiltInRoutes(*web_, MONBAN_PLUGIN_VERSION);
    server_ = std::make_unique<WebServer>(*web_, tls);
    bindHttpRouteService(web_.get());
    WebContext* web = web_.get();
    subscription_ = host().subscribe("*", [web](const monban_event& event) {
      const std::string topic = event.topic;
      const std::string payload(static_cast<const char*>(event.payload), event.payload_size);
      forwardBusEvent(*web, topic, payload);
      if (topic == "monban.operators.changed") refreshChangedOperator(*web, payload);
    });
    server_->start();
    host().info("web UI and API at https://localhost:" + std::to_string(server_->httpsPort()) +
                "/ (certificate SHA-256 " + tls.sha256_fingerprint +
                (tls.generated ? ", self-signed, made now)" : ")") +
                (std::filesystem::exists(settings_.assets_dir / "index.html")
                     ? ""
                     : "; the UI files are missing in " + settings_.assets_dir.string()));
  }

  void stop() noexcept override {
    bindHttpRouteService(nullptr);
    subscription_.reset();
    if (web_) web_->events.closeAll();
    if (server_) server_->stop();
    server_.reset();
    if (web_) web_->imports.stop();
    web_.reset();
    Poco::Net::uninitializeSSL();
  }

private:
  static void refreshChangedOperator(WebContext& web, const std::string& payload) {
    try {
      auto object = parseJsonObject(payload);
      refreshOperatorSessions(web, object->getValue<int64_t>("id"));
    } catch (const Poco::Exception&) {
      // Without an id every operator with a session is checked.
      auto ids = web.sessions.operators();
      for (int64_t id : ids) refreshOperatorSessions(web, id);
    }
  }

  WebSettings settings_;
  SessionStore::Limits limits_;
  const monban_domain_service* domain_ = nullptr;
  monban_http_service route_service_{};
  std::unique_ptr<WebContext> web_;
  std::unique_ptr<WebServer> server_;
  monban::sdk::Subscription subscription_;
};

}  // namespace

MONBAN_PLUGIN(WebPlugin, kConfigKeys, sizeof(kConfigKeys) / sizeof(kConfigKeys[0]))
