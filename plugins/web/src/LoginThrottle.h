#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace monban::web {

/// Slows down password guessing: every failed login of a login ID (known or not, so the answer
/// tells nothing about which IDs exist) or from a client address waits longer than the one
/// before, and too many failures lock that ID or address for a while.
class LoginThrottle {
public:
  struct Rules {
    int failures_to_lock_login = 5;
    int failures_to_lock_address = 30;
    int64_t window_ms = 15 * 60 * 1000;  ///< failures older than this are forgotten
    int64_t lock_ms = 15 * 60 * 1000;
    int64_t first_delay_ms = 250;
    int64_t max_delay_ms = 4000;
  };
  explicit LoginThrottle(Rules rules) : rules_(rules) {}

  /// Milliseconds until the login ID or the address may try again; 0 when it may now.
  int64_t lockedFor(const std::string& loginId, const std::string& address, int64_t nowMs);
  /// Counts a failure; returns how long to hold the answer back.
  int64_t failed(const std::string& loginId, const std::string& address, int64_t nowMs);
  void succeeded(const std::string& loginId);

private:
  struct Record {
    int failures = 0;
    int64_t last_ms = 0;
    int64_t locked_until_ms = 0;
  };
  Record& fresh(std::map<std::string, Record>& map, const std::string& key, int64_t nowMs);

  Rules rules_;
  std::mutex mutex_;
  std::map<std::string, Record> logins_;
  std::map<std::string, Record> addresses_;
};

}  // namespace monban::web
