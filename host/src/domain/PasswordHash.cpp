#include "monban/host/domain/PasswordHash.h"

#include <sodium.h>

#include <stdexcept>

#include "monban/host/domain/FieldRules.h"

namespace monban::host::domain {

namespace {

constexpr unsigned long long kPasses = 2;
constexpr std::size_t kMemoryBytes = 19u * 1024u * 1024u;

void ensureSodium() {
  static const int ready = sodium_init();
  if (ready < 0) throw std::runtime_error("libsodium cannot start");
}

}  // namespace

std::string hashPassword(const std::string& password) {
  ensureSodium();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), kPasses, kMemoryBytes,
                            crypto_pwhash_ALG_ARGON2ID13) != 0)
    throw std::runtime_error("out of memory while hashing a password");
  return out;
}

bool verifyPassword(const std::string& hash, const std::string& password) {
  ensureSodium();
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

std::string checkPasswordRules(const std::string& password) {
  if (password.find_first_not_of(' ') == std::string::npos) return "is empty or only spaces";
  if (invalidUtf8At(password) != std::string::npos) return "is not valid UTF-8";
  const std::size_t n = utf8Length(password);
  if (n < 12) return "is shorter than 12 characters";
  if (n > 128) return "is longer than 128 characters";
  return {};
}

}  // namespace monban::host::domain
