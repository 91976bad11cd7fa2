#pragma once

#include <filesystem>
#include <memory>
#include <semaphore>
#include <string>

#include <monban/sdk/host.hpp>

#include "DomainClient.h"
#include "EventHub.h"
#include "ImportJobs.h"
#include "LoginThrottle.h"
#include "Router.h"
#include "SessionStore.h"

namespace monban::web {

/// The web plugin's settings, from its config file (docs/configuration.md).
struct WebSettings {
  std::string bind = "0.0.0.0";
  int port = 8443;
  int http_port = 8080;  ///< plain HTTP that only redirects; 0: off
  std::string certificate_file;
  std::string private_key_file;
  std::filesystem::path assets_dir;
  int threads = 256;
  int login_concurrency = 4;  ///< password hashes computed at once (each takes 19 MiB)
  int64_t max_upload_bytes = 64LL << 20;
};

/// What every request handler shares.
struct WebContext {
  monban::sdk::Host host;
  WebSettings settings;
  DomainClient domain;
  SessionStore sessions;
  LoginThrottle throttle;
  Router router;
  EventHub events;
  ImportJobs imports;
  std::counting_semaphore<64> hashing;  ///< bounds the memory of logins at once

  WebContext(monban::sdk::Host h, WebSettings s, const monban_domain_service& domainService,
             SessionStore::Limits limits)
      : host(h),
        settings(std::move(s)),
        domain(domainService, h.context()),
        sessions(limits, [h] { return h.nowMs(); }),
        throttle(LoginThrottle::Rules{}),
        imports(domain, [h] { return h.nowMs(); }),
        hashing(settings.login_concurrency) {}
};

/// The session cookie; the __Host- prefix makes browsers insist on Secure, Path=/ and no Domain.
inline constexpr const char* kSessionCookie = "__Host-monban_session";

}  // namespace monban::web
