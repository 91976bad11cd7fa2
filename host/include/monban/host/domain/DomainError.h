#pragma once

#include <string>
#include <utility>
#include <vector>

#include "monban/host/HostError.h"

namespace monban::host::domain {

/// One problem of an input: which field, the value given and why it is refused.
struct FieldProblem {
  std::string field;
  std::string value;
  std::string reason;
};

/// A refused domain operation: a stable code for programs ("fixed_right", "forbidden",
/// "limit", "invalid", "not_found", "conflict") and a message for people.
class DomainError : public HostError {
public:
  DomainError(std::string code, const std::string& message) : HostError(message), code_(std::move(code)) {}
  DomainError(std::string code, const std::string& message, std::vector<FieldProblem> problems)
      : HostError(message), code_(std::move(code)), problems_(std::move(problems)) {}
  const std::string& code() const { return code_; }
  /// The fields at fault, when the input broke field rules.
  const std::vector<FieldProblem>& problems() const { return problems_; }

private:
  std::string code_;
  std::vector<FieldProblem> problems_;
};

}  // namespace monban::host::domain
