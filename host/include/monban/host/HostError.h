#pragma once

#include <stdexcept>
#include <string>

namespace monban::host {

/// A failure inside the host with a message meant for an administrator. Exceptions stay
/// inside the host: at the SDK boundary they become status values.
class HostError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// Bad configuration: names the file and the key.
class ConfigError : public HostError {
public:
  using HostError::HostError;
};

/// A database failure, with the statement or step that failed.
class DatabaseError : public HostError {
public:
  using HostError::HostError;
};

}  // namespace monban::host
