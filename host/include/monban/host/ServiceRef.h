#pragma once

#include <cstdint>
#include <string>

namespace monban::host {

/// A service named with its version, as a plugin provides or requires it.
struct ServiceRef {
  std::string name;
  uint32_t major = 0;
  uint32_t minor = 0;

  /// "name major.minor"
  std::string text() const { return "'" + name + "' " + std::to_string(major) + "." + std::to_string(minor); }
  /// Whether a provider of version `provided` meets this requirement: same major, minor not older.
  bool isMetBy(const ServiceRef& provided) const {
    return provided.name == name && provided.major == major && provided.minor >= minor;
  }
};

}  // namespace monban::host
