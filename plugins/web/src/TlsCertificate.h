#pragma once

#include <filesystem>
#include <string>

namespace monban::web {

/// The certificate and key the HTTPS server presents.
struct TlsFiles {
  std::filesystem::path certificate;
  std::filesystem::path private_key;
  std::string sha256_fingerprint;  ///< "AB:CD:…", what an operator compares with the browser's view
  bool generated = false;          ///< made now, self-signed
};

/// Uses `certificate` and `privateKey` when both are configured; otherwise a self-signed
/// certificate (ECDSA P-256, 825 days, names "localhost", 127.0.0.1 and this host's name) in
/// `dir`, made on first start and reused afterwards. Throws std::runtime_error naming the file.
TlsFiles prepareTlsFiles(const std::string& certificate, const std::string& privateKey,
                         const std::filesystem::path& dir);

}  // namespace monban::web
