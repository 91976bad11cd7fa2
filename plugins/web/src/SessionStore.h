#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace monban::web {

/// One signed-in operator in one browser.
struct Session {
  std::string csrf_token;
  int64_t operator_id = 0;
  std::string login_id;
  std::map<std::string, std::string> rights;  ///< right key → "none" | "view" | "edit"
  bool password_change_required = false;
  int64_t created_ms = 0;
  int64_t last_seen_ms = 0;
};

/// Live sessions, in memory: a restart signs everyone out, which is the safe side. Tokens are
/// 256 random bits; a session ends after 30 idle minutes or 12 hours in all, at logout, and when
/// its operator is disabled or deleted. At most `max_sessions` live at once.
class SessionStore {
public:
  struct Limits {
    std::size_t max_sessions = 100;
    int64_t idle_ms = 30 * 60 * 1000;
    int64_t absolute_ms = 12 * 3600 * 1000;
  };
  SessionStore(Limits limits, std::function<int64_t()> nowMs) : limits_(limits), now_ms_(std::move(nowMs)) {}

  /// Stores a new session and returns its token; nullopt when the limit is reached (no other
  /// session is ever pushed out to make room).
  std::optional<std::string> create(Session session);
  /// The live session of `token`, its idle time restarted; nullopt (and forgotten) when expired.
  std::optional<Session> touch(const std::string& token);
  /// Like touch() without restarting the idle time (the live-update stream).
  std::optional<Session> peek(const std::string& token);
  void remove(const std::string& token);
  /// Ends every session of the operator; returns how many.
  std::size_t removeOperator(int64_t operatorId);
  /// Changes every session of the operator.
  void update(int64_t operatorId, const std::function<void(Session&)>& change);
  /// Operator ids with a live session.
  std::vector<int64_t> operators();
  std::size_t count();
  Limits limits() const { return limits_; }
  /// When the session ends if untouched, and at the latest.
  int64_t idleExpiry(const Session& s) const { return s.last_seen_ms + limits_.idle_ms; }
  int64_t absoluteExpiry(const Session& s) const { return s.created_ms + limits_.absolute_ms; }

private:
  bool expired(const Session& s, int64_t now) const;
  void purgeExpired(int64_t now);

  Limits limits_;
  std::function<int64_t()> now_ms_;
  std::mutex mutex_;
  std::map<std::string, Session> sessions_;
};

/// `bytes` random bytes from OpenSSL's CSPRNG, as lowercase hex.
std::string randomToken(std::size_t bytes = 32);
/// Compares without leaking where two secrets differ.
bool sameSecret(const std::string& a, const std::string& b);

}  // namespace monban::web
