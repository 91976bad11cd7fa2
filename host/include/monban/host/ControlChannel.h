#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace Poco::Net {
class TCPServer;
}

namespace monban::host {

/// The running host's local control socket: the CLI asks it for plugin states and health.
/// One request line in, one JSON document out. The socket file is readable and writable by its
/// owner and group only.
class ControlServer {
public:
  using Handler = std::function<std::string(const std::string& command)>;

  /// Throws HostError when another host already answers on `socketPath`.
  ControlServer(std::filesystem::path socketPath, Handler handler);
  ~ControlServer();
  ControlServer(const ControlServer&) = delete;
  ControlServer& operator=(const ControlServer&) = delete;

private:
  std::filesystem::path path_;
  std::shared_ptr<Handler> handler_;
  std::unique_ptr<Poco::Net::TCPServer> server_;
};

/// Sends one command to a running host; nullopt when no host listens there.
std::optional<std::string> askRunningHost(const std::filesystem::path& socketPath, const std::string& command);

}  // namespace monban::host
