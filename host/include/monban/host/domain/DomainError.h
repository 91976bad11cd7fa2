#pragma once

#include <string>
#include <utility>

#include "monban/host/HostError.h"

namespace monban::host::domain {

/// A refused domain operation: a stable code for programs ("fixed_right", "forbidden",
/// "limit", "invalid", "not_found", "conflict") and a message for people.
class DomainError : public HostError {
public:
  DomainError(std::string code, const std::string& message) : HostError(message), code_(std::move(code)) {}
  const std::string& code() const { return code_; }

private:
  std::string code_;
};

}  // namespace monban::host::domain
