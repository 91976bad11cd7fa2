// Monban SDK C++ wrapper: the exception used inside a plugin. It never crosses the boundary:
// the lifecycle adapters of plugin.hpp turn it into a status and a failure reason.
#pragma once

#include <stdexcept>
#include <string>

#include <monban/sdk/abi.h>

namespace monban::sdk {

/// A failure inside a plugin, with the status the host should see. (since 1.0)
class Error : public std::runtime_error {
public:
  explicit Error(const std::string& message, monban_status status = MONBAN_ERR_PLUGIN)
      : std::runtime_error(message), status_(status) {}
  monban_status status() const noexcept { return status_; }

private:
  monban_status status_;
};

}  // namespace monban::sdk
