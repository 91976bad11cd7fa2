#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace monban::controller {

using Key256 = std::array<uint8_t, 32>;

/// The secret of a whole installation, derived once from the mutual-authentication password
/// with PBKDF2-HMAC-SHA-256 (100,000 rounds), so the password itself is never on the wire or held.
Key256 deriveInstallationSecret(std::string_view password);

/// One controller's keys for one key epoch: one per direction, so a frame reflected back to its
/// sender never authenticates.
struct FrameKeys {
  uint8_t epoch = 0;
  Key256 to_controller{};
  Key256 to_server{};
  /// The keys of the previous epoch, kept while a key change is being confirmed.
  bool has_previous = false;
  uint8_t previous_epoch = 0;
  Key256 previous_to_controller{};
  Key256 previous_to_server{};
};

/// The keys of `controllerId` under `secret` (HMAC-SHA-256 of the id and the direction).
FrameKeys deriveFrameKeys(const Key256& secret, uint32_t controllerId, uint8_t epoch);

/// HMAC-SHA-256 of `data` under `key`, first `out.size()` bytes.
void hmacSha256(const Key256& key, const uint8_t* data, std::size_t size, uint8_t* out, std::size_t outSize);

/// SHA-256 of `data`, first 16 bytes: the digest of a controller table.
std::array<uint8_t, 16> tableDigest(const uint8_t* data, std::size_t size);

/// AES-256-GCM sealing of a new installation secret under the current one, for the key change;
/// `sealed` is nonce(12) ciphertext(32) tag(16). open returns false when the tag does not match.
std::array<uint8_t, 60> sealSecret(const Key256& current, const Key256& next);
bool openSecret(const Key256& current, const std::array<uint8_t, 60>& sealed, Key256& next);

}  // namespace monban::controller
