#pragma once

#include <string>

namespace monban::host::domain {

/// Operator passwords: argon2id (libsodium) with 19 MiB of memory and 2 passes, salted, in the
/// self-describing "$argon2id$..." form so parameters can be raised later.
std::string hashPassword(const std::string& password);
bool verifyPassword(const std::string& hash, const std::string& password);
/// Empty when acceptable: 12-128 characters, not only spaces.
std::string checkPasswordRules(const std::string& password);

}  // namespace monban::host::domain
