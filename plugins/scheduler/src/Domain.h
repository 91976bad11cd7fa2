#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

#include <monban/sdk/domain.h>

namespace monban::scheduler {

/// A refused or failed domain call, with the domain's error object.
class DomainCallError : public std::runtime_error {
public:
  explicit DomainCallError(const std::string& json) : std::runtime_error(json) {}
};

/// Runs one domain method and returns its JSON reply; throws DomainCallError with the error
/// object when the call fails.
std::string callDomain(const monban_domain_service& service, monban_plugin_context* context, const std::string& method,
                       int64_t operatorId, const std::string& request);

}  // namespace monban::scheduler
