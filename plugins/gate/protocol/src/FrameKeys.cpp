#include "monban/controller/FrameKeys.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <cstring>
#include <memory>
#include <stdexcept>

namespace monban::controller {

Key256 deriveInstallationSecret(std::string_view password) {
  static const char kSalt[] = "monban-controller-protocol-1";
  Key256 out{};
  if (PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
                        reinterpret_cast<const unsigned char*>(kSalt), sizeof kSalt - 1, 100000, EVP_sha256(),
                        static_cast<int>(out.size()), out.data()) != 1)
    throw std::runtime_error("PBKDF2 failed");
  return out;
}

void hmacSha256(const Key256& key, const uint8_t* data, std::size_t size, uint8_t* out, std::size_t outSize) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), data, size, mac, &length) == nullptr)
    throw std::runtime_error("HMAC-SHA-256 failed");
  std::memcpy(out, mac, std::min<std::size_t>(outSize, length));
}

namespace {

Key256 directionKey(const Key256& secret, uint32_t controllerId, uint8_t epoch, char direction) {
  const uint8_t label[] = {'m',
                           'b',
                           static_cast<uint8_t>(direction),
                           epoch,
                           static_cast<uint8_t>(controllerId >> 24),
                           static_cast<uint8_t>(controllerId >> 16),
                           static_cast<uint8_t>(controllerId >> 8),
                           static_cast<uint8_t>(controllerId)};
  Key256 out{};
  hmacSha256(secret, label, sizeof label, out.data(), out.size());
  return out;
}

struct CipherFree {
  void operator()(EVP_CIPHER_CTX* c) const { EVP_CIPHER_CTX_free(c); }
};

}  // namespace

FrameKeys deriveFrameKeys(const Key256& secret, uint32_t controllerId, uint8_t epoch) {
  FrameKeys keys;
  keys.epoch = epoch;
  keys.to_controller = directionKey(secret, controllerId, epoch, 'c');
  keys.to_server = directionKey(secret, controllerId, epoch, 's');
  return keys;
}

std::array<uint8_t, 16> tableDigest(const uint8_t* data, std::size_t size) {
  unsigned char full[SHA256_DIGEST_LENGTH];
  SHA256(data, size, full);
  std::array<uint8_t, 16> out{};
  std::memcpy(out.data(), full, out.size());
  return out;
}

std::array<uint8_t, 60> sealSecret(const Key256& current, const Key256& next) {
  std::array<uint8_t, 60> sealed{};
  if (RAND_bytes(sealed.data(), 12) != 1) throw std::runtime_error("no random bytes for the key change");
  std::unique_ptr<EVP_CIPHER_CTX, CipherFree> ctx(EVP_CIPHER_CTX_new());
  int n = 0;
  if (!ctx || EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, current.data(), sealed.data()) != 1 ||
      EVP_EncryptUpdate(ctx.get(), sealed.data() + 12, &n, next.data(), 32) != 1 ||
      EVP_EncryptFinal_ex(ctx.get(), sealed.data() + 12 + n, &n) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, 16, sealed.data() + 44) != 1)
    throw std::runtime_error("AES-256-GCM sealing failed");
  return sealed;
}

bool openSecret(const Key256& current, const std::array<uint8_t, 60>& sealed, Key256& next) {
  std::unique_ptr<EVP_CIPHER_CTX, CipherFree> ctx(EVP_CIPHER_CTX_new());
  std::array<uint8_t, 16> tag{};
  std::memcpy(tag.data(), sealed.data() + 44, 16);
  Key256 plain{};
  int n = 0;
  if (!ctx || EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, current.data(), sealed.data()) != 1 ||
      EVP_DecryptUpdate(ctx.get(), plain.data(), &n, sealed.data() + 12, 32) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, 16, tag.data()) != 1 ||
      EVP_DecryptFinal_ex(ctx.get(), plain.data() + n, &n) != 1)
    return false;
  next = plain;
  return true;
}

}  // namespace monban::controller
