#include "TlsCertificate.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <functional>
#include <memory>
#include <stdexcept>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace monban::web {

namespace {

template <class T, void (*Free)(T*)>
using Owned = std::unique_ptr<T, decltype([](T* p) { Free(p); })>;

[[noreturn]] void fail(const std::string& what) {
  throw std::runtime_error("TLS certificate: " + what);
}

std::string hostName() {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0) return {};
  return name;
}

void addExtension(X509* cert, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
  if (ext == nullptr) fail("cannot make extension " + value);
  X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
}

void writePem(const std::filesystem::path& path, bool privateFile, const std::function<int(FILE*)>& write) {
  // The key is readable by the service account only, from the moment it exists.
  const mode_t old = umask(privateFile ? 077 : 022);
  FILE* file = std::fopen(path.c_str(), "w");
  umask(old);
  if (file == nullptr) fail("cannot write " + path.string());
  const int ok = write(file);
  if (std::fclose(file) != 0 || ok != 1) fail("cannot write " + path.string());
}

void generate(const std::filesystem::path& certPath, const std::filesystem::path& keyPath) {
  Owned<EVP_PKEY, EVP_PKEY_free> key(EVP_EC_gen("P-256"));
  if (!key) fail("cannot generate a P-256 key");
  Owned<X509, X509_free> cert(X509_new());
  X509_set_version(cert.get(), 2);
  unsigned char serial[16];
  RAND_bytes(serial, sizeof serial);
  serial[0] &= 0x7f;
  Owned<BIGNUM, BN_free> serialNumber(BN_bin2bn(serial, sizeof serial, nullptr));
  BN_to_ASN1_INTEGER(serialNumber.get(), X509_get_serialNumber(cert.get()));
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 825L * 24 * 3600);
  X509_set_pubkey(cert.get(), key.get());
  X509_NAME* name = X509_get_subject_name(cert.get());
  const std::string host = hostName();
  const std::string common = host.empty() ? "localhost" : host;
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("Monban"), -1, -1, 0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(common.c_str()), -1, -1,
                             0);
  X509_set_issuer_name(cert.get(), name);
  std::string names = "DNS:localhost,IP:127.0.0.1,IP:::1";
  if (!host.empty() && host != "localhost") names += ",DNS:" + host;
  addExtension(cert.get(), NID_subject_alt_name, names);
  addExtension(cert.get(), NID_basic_constraints, "critical,CA:FALSE");
  addExtension(cert.get(), NID_key_usage, "critical,digitalSignature");
  addExtension(cert.get(), NID_ext_key_usage, "serverAuth");
  if (X509_sign(cert.get(), key.get(), EVP_sha256()) == 0) fail("cannot sign the certificate");
  writePem(keyPath, true,
           [&](FILE* f) { return PEM_write_PrivateKey(f, key.get(), nullptr, nullptr, 0, nullptr, nullptr); });
  writePem(certPath, false, [&](FILE* f) { return PEM_write_X509(f, cert.get()); });
}

std::string fingerprint(const std::filesystem::path& certPath) {
  FILE* file = std::fopen(certPath.c_str(), "r");
  if (file == nullptr) fail("cannot read " + certPath.string());
  Owned<X509, X509_free> cert(PEM_read_X509(file, nullptr, nullptr, nullptr));
  std::fclose(file);
  if (!cert) fail(certPath.string() + " is not a PEM certificate");
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  X509_digest(cert.get(), EVP_sha256(), digest, &size);
  std::string out;
  char hex[4];
  for (unsigned int i = 0; i < size; ++i) {
    std::snprintf(hex, sizeof hex, "%02X", digest[i]);
    out += (i ? ":" : "") + std::string(hex);
  }
  return out;
}

}  // namespace

TlsFiles prepareTlsFiles(const std::string& certificate, const std::string& privateKey,
                         const std::filesystem::path& dir) {
  TlsFiles files;
  if (!certificate.empty() || !privateKey.empty()) {
    if (certificate.empty() || privateKey.empty())
      fail("set both certificate_file and private_key_file, or neither for a self-signed certificate");
    files.certificate = certificate;
    files.private_key = privateKey;
  } else {
    files.certificate = dir / "self-signed-cert.pem";
    files.private_key = dir / "self-signed-key.pem";
    if (!std::filesystem::exists(files.certificate) || !std::filesystem::exists(files.private_key)) {
      generate(files.certificate, files.private_key);
      files.generated = true;
    }
  }
  files.sha256_fingerprint = fingerprint(files.certificate);
  return files;
}

}  // namespace monban::web
