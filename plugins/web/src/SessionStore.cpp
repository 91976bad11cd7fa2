#include "SessionStore.h"

#include <stdexcept>
#include <vector>

#include <openssl/crypto.h>
#include <openssl/rand.h>

namespace monban::web {

std::string randomToken(std::size_t bytes) {
  std::vector<unsigned char> raw(bytes);
  if (RAND_bytes(raw.data(), static_cast<int>(raw.size())) != 1) throw std::runtime_error("no random bytes");
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned char b : raw) {
    out += hex[b >> 4];
    out += hex[b & 15];
  }
  return out;
}

bool sameSecret(const std::string& a, const std::string& b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

bool SessionStore::expired(const Session& s, int64_t now) const {
  return now >= idleExpiry(s) || now >= absoluteExpiry(s);
}

void SessionStore::purgeExpired(int64_t now) {
  std::erase_if(sessions_, [&](const auto& entry) { return expired(entry.second, now); });
}

std::optional<std::string> SessionStore::create(Session session) {
  const int64_t now = now_ms_();
  std::lock_guard lock(mutex_);
  purgeExpired(now);
  if (sessions_.size() >= limits_.max_sessions) return std::nullopt;
  session.created_ms = now;
  session.last_seen_ms = now;
  std::string token = randomToken();
  sessions_.emplace(token, std::move(session));
  return token;
}

std::optional<Session> SessionStore::touch(const std::string& token) {
  const int64_t now = now_ms_();
  std::lock_guard lock(mutex_);
  auto it = sessions_.find(token);
  if (it == sessions_.end()) return std::nullopt;
  if (expired(it->second, now)) {
    sessions_.erase(it);
    return std::nullopt;
  }
  it->second.last_seen_ms = now;
  return it->second;
}

std::optional<Session> SessionStore::peek(const std::string& token) {
  const int64_t now = now_ms_();
  std::lock_guard lock(mutex_);
  auto it = sessions_.find(token);
  if (it == sessions_.end() || expired(it->second, now)) return std::nullopt;
  return it->second;
}

void SessionStore::remove(const std::string& token) {
  std::lock_guard lock(mutex_);
  sessions_.erase(token);
}

std::size_t SessionStore::removeOperator(int64_t operatorId) {
  std::lock_guard lock(mutex_);
  return std::erase_if(sessions_, [&](const auto& entry) { return entry.second.operator_id == operatorId; });
}

void SessionStore::update(int64_t operatorId, const std::function<void(Session&)>& change) {
  std::lock_guard lock(mutex_);
  for (auto& [token, session] : sessions_)
    if (session.operator_id == operatorId) change(session);
}

std::vector<int64_t> SessionStore::operators() {
  std::lock_guard lock(mutex_);
  std::vector<int64_t> out;
  for (const auto& [token, session] : sessions_) out.push_back(session.operator_id);
  return out;
}

std::size_t SessionStore::count() {
  std::lock_guard lock(mutex_);
  purgeExpired(now_ms_());
  return sessions_.size();
}

}  // namespace monban::web
