#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

#include <monban/sdk/http.h>

namespace monban::web {

class Exchange;

/// One API route: where it is, who may call it, and what answers it.
struct Route {
  std::string method;                 ///< GET, POST, PUT, DELETE
  std::string path;                   ///< template, "/api/v1/users/{id}"
  std::vector<std::string> segments;  ///< the template split at "/", filled by Router::add
  std::string summary;
  std::string tag;    ///< OpenAPI grouping
  std::string right;  ///< right key needed ("" : a session is enough)
  std::string level;  ///< "view" or "edit"
  bool needs_session = true;
  bool during_password_change = false;  ///< usable before a required password change
  bool web_checks_right = false;        ///< the web plugin checks `right` (plugin routes, background jobs)
  std::vector<std::string> query;       ///< documented query parameters
  std::string body;                     ///< "json", "csv" or "" (none)
  int success_status = 200;
  /// A route answered by one domain method with path, query and body merged into its request.
  std::string domain_method;
  /// Otherwise a handler of the web plugin's own…
  std::function<void(Exchange&)> handler;
  /// …or of another plugin, through the monban.http service.
  const void* owner = nullptr;
  monban_http_handler plugin_handler = nullptr;
  void* plugin_user_data = nullptr;
};

/// A matched route with its path parameters.
struct RouteMatch {
  std::shared_ptr<const Route> route;
  std::map<std::string, std::string> params;
};

/// The route table. Plugins add and remove routes while requests run, so lookups hand out
/// shared pointers and remove() waits for nothing but the table lock; a plugin's handlers stop
/// being called when its routes are removed because calls hold `callGuard()` shared.
class Router {
public:
  /// Throws std::invalid_argument when the path is malformed or the method and path are taken.
  void add(Route route);
  void removeOwner(const void* owner);
  /// The route for method and path; nullopt when none. `pathKnown` tells 405 from 404.
  std::optional<RouteMatch> match(const std::string& method, const std::string& path, bool* pathKnown) const;
  std::vector<std::shared_ptr<const Route>> routes() const;
  std::shared_mutex& callGuard() { return call_guard_; }

private:
  mutable std::shared_mutex mutex_;
  std::shared_mutex call_guard_;
  std::vector<std::shared_ptr<const Route>> routes_;
};

/// Splits a path into its segments ("/api/v1/users" → api, v1, users).
std::vector<std::string> pathSegments(const std::string& path);

}  // namespace monban::web
