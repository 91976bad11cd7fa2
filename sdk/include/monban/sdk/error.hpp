// Monban SDK C++ wrapper: the exception used inside a plugin. It never crosses the boundary:
// the lifecycle adapters of plugin.hpp turn it into a status and a failure reason.
#pragma once

#include <stdexcept>
#include <string>

#include <monban/sdk/abi.h>

namespace monban::sdk {

/// Words for a status, for messages. (since 1.0)
inline const char* statusText(monban_status status) {
  switch (status) {
    case MONBAN_OK:
      return "success";
    case MONBAN_ERR_INVALID_ARGUMENT:
      return "invalid argument";
    case MONBAN_ERR_NOT_FOUND:
      return "not found";
    case MONBAN_ERR_WRONG_STATE:
      return "not allowed in the plugin's current state";
    case MONBAN_ERR_VERSION:
      return "version requirement not met";
    case MONBAN_ERR_DATABASE:
      return "database error";
    case MONBAN_ERR_UNDECLARED:
      return "not declared in the plugin's descriptor";
    case MONBAN_ERR_PLUGIN:
      return "plugin failure";
    default:
      return "internal host error";
  }
}

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
