#include "Router.h"

#include <algorithm>
#include <mutex>
#include <stdexcept>

namespace monban::web {

std::vector<std::string> pathSegments(const std::string& path) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < path.size()) {
    std::size_t slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    if (slash > start) out.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return out;
}

namespace {

bool isParameter(const std::string& segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

bool matches(const std::vector<std::string>& pattern, const std::vector<std::string>& path,
             std::map<std::string, std::string>* params) {
  if (pattern.size() != path.size()) return false;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (isParameter(pattern[i])) {
      if (params) (*params)[pattern[i].substr(1, pattern[i].size() - 2)] = path[i];
    } else if (pattern[i] != path[i]) {
      return false;
    }
  }
  return true;
}

/// Two templates clash when they have the same shape (a literal beats a parameter, so
/// "/users/export" and "/users/{id}" live side by side).
bool clash(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (isParameter(a[i]) != isParameter(b[i])) return false;
    if (!isParameter(a[i]) && a[i] != b[i]) return false;
  }
  return true;
}

}  // namespace

void Router::add(Route route) {
  static const std::vector<std::string> methods{"GET", "POST", "PUT", "DELETE"};
  if (std::find(methods.begin(), methods.end(), route.method) == methods.end())
    throw std::invalid_argument("method '" + route.method + "' is not GET, POST, PUT or DELETE");
  if (route.path.rfind("/api/v1/", 0) != 0 || route.path.find("//") != std::string::npos)
    throw std::invalid_argument("path '" + route.path + "' is not under /api/v1/");
  if (!route.level.empty() && route.level != "view" && route.level != "edit")
    throw std::invalid_argument("level '" + route.level + "' is not view or edit");
  route.segments = pathSegments(route.path);
  std::unique_lock lock(mutex_);
  for (const auto& existing : routes_)
    if (existing->method == route.method && clash(existing->segments, route.segments))
      throw std::invalid_argument(route.method + " " + route.path + " is already taken by " + existing->path);
  routes_.push_back(std::make_shared<const Route>(std::move(route)));
}

void Router::removeOwner(const void* owner) {
  {
    std::unique_lock lock(mutex_);
    std::erase_if(routes_, [&](const auto& r) { return r->owner == owner; });
  }
  // Wait until no handler that may belong to the owner still runs.
  std::unique_lock wait(call_guard_);
}

std::optional<RouteMatch> Router::match(const std::string& method, const std::string& path, bool* pathKnown) const {
  const auto segments = pathSegments(path);
  std::shared_lock lock(mutex_);
  *pathKnown = false;
  // Literal segments win over parameters: "/users/export" before "/users/{id}".
  std::optional<RouteMatch> best;
  int bestLiterals = -1;
  for (const auto& r : routes_) {
    std::map<std::string, std::string> params;
    const auto& pattern = r->segments;
    if (!matches(pattern, segments, &params)) continue;
    *pathKnown = true;
    if (r->method != method) continue;
    const int literals =
        static_cast<int>(std::count_if(pattern.begin(), pattern.end(), [](const auto& s) { return !isParameter(s); }));
    if (literals > bestLiterals) {
      best = RouteMatch{r, std::move(params)};
      bestLiterals = literals;
    }
  }
  return best;
}

std::vector<std::shared_ptr<const Route>> Router::routes() const {
  std::shared_lock lock(mutex_);
  return routes_;
}

}  // namespace monban::web
