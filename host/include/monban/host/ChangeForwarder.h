#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>

#include "monban/host/EventBus.h"

namespace monban::host {

/// Whether `topic` is a domain change a running host's plugins act on (`monban.*.changed`).
bool isForwardableChange(const std::string& topic);

/// The control-socket request that carries one domain change: "publish TOPIC PAYLOAD" (one line).
std::string publishRequest(const std::string& topic, const std::string& payload);
/// Topic and payload of a publish request of a forwardable change; nullopt for anything else.
std::optional<std::pair<std::string, std::string>> parsePublishRequest(const std::string& request);

/// A command-line process (an import, `monban gates add`) changes the database beside a running
/// host, whose plugins would not hear of it: the gate plugin would send the change to the
/// controllers only at the nightly transfer. This forwards every domain change the process
/// publishes on its own bus to the running host's control socket, where the host publishes it
/// on its bus as if its domain had made the change. Nothing happens when no host runs.
class ChangeForwarder {
public:
  ChangeForwarder(EventBus& bus, std::filesystem::path controlSocket);
  /// Waits until every change published so far was forwarded.
  ~ChangeForwarder();
  ChangeForwarder(const ChangeForwarder&) = delete;
  ChangeForwarder& operator=(const ChangeForwarder&) = delete;

  /// Changes the running host took; read after the bus drained.
  int forwarded() const { return forwarded_; }

private:
  EventBus& bus_;
  std::filesystem::path socket_;
  uint64_t subscription_ = 0;
  int forwarded_ = 0;  ///< written on the bus thread only
};

}  // namespace monban::host
