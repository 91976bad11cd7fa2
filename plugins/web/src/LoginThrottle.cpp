#include "LoginThrottle.h"

#include <algorithm>
#include <cctype>

namespace monban::web {

namespace {

std::string folded(const std::string& loginId) {
  std::string out = loginId;
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

}  // namespace

LoginThrottle::Record& LoginThrottle::fresh(std::map<std::string, Record>& map, const std::string& key, int64_t nowMs) {
  Record& r = map[key];
  if (r.locked_until_ms <= nowMs && nowMs - r.last_ms > rules_.window_ms) r = Record{};
  return r;
}

int64_t LoginThrottle::lockedFor(const std::string& loginId, const std::string& address, int64_t nowMs) {
  std::lock_guard lock(mutex_);
  const int64_t login = fresh(logins_, folded(loginId), nowMs).locked_until_ms - nowMs;
  const int64_t client = fresh(addresses_, address, nowMs).locked_until_ms - nowMs;
  return std::max<int64_t>({0, login, client});
}

int64_t LoginThrottle::failed(const std::string& loginId, const std::string& address, int64_t nowMs) {
  std::lock_guard lock(mutex_);
  // The maps stay small: forget records nobody has touched for a window.
  if (logins_.size() + addresses_.size() > 10000) {
    auto stale = [&](const auto& e) {
      return e.second.locked_until_ms <= nowMs && nowMs - e.second.last_ms > rules_.window_ms;
    };
    std::erase_if(logins_, stale);
    std::erase_if(addresses_, stale);
  }
  Record& login = fresh(logins_, folded(loginId), nowMs);
  Record& client = fresh(addresses_, address, nowMs);
  for (Record* r : {&login, &client}) {
    ++r->failures;
    r->last_ms = nowMs;
  }
  if (login.failures >= rules_.failures_to_lock_login) login.locked_until_ms = nowMs + rules_.lock_ms;
  if (client.failures >= rules_.failures_to_lock_address) client.locked_until_ms = nowMs + rules_.lock_ms;
  const int shift = std::min(login.failures - 1, 16);
  return std::min(rules_.max_delay_ms, rules_.first_delay_ms << shift);
}

void LoginThrottle::succeeded(const std::string& loginId) {
  std::lock_guard lock(mutex_);
  logins_.erase(folded(loginId));
}

}  // namespace monban::web
