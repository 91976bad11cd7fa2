#include "monban/host/ControlChannel.h"

#include <sys/stat.h>

#include <Poco/Net/NetException.h>
#include <Poco/Net/SocketStream.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Net/TCPServer.h>
#include <Poco/Net/TCPServerConnection.h>
#include <Poco/Net/TCPServerConnectionFactory.h>
#include <Poco/Net/TCPServerParams.h>

#include "monban/host/HostError.h"

namespace monban::host {

namespace {

// A forwarded domain change carries up to 1,000 ids (ChangeForwarder).
constexpr std::size_t kMaxCommandBytes = 64 * 1024;

class Connection final : public Poco::Net::TCPServerConnection {
public:
  Connection(const Poco::Net::StreamSocket& socket, std::shared_ptr<ControlServer::Handler> handler)
      : TCPServerConnection(socket), handler_(std::move(handler)) {}

  void run() override {
    try {
      socket().setReceiveTimeout(Poco::Timespan(5, 0));
      // One request line per connection: read until its end (or the client's).
      std::string command;
      char buffer[4096];
      std::size_t end = std::string::npos;
      while (end == std::string::npos && command.size() <= kMaxCommandBytes) {
        const int n = socket().receiveBytes(buffer, sizeof(buffer));
        if (n <= 0) break;
        command.append(buffer, static_cast<std::size_t>(n));
        end = command.find('\n');
      }
      if (end != std::string::npos) command.resize(end);
      const std::string reply =
          command.size() > kMaxCommandBytes ? std::string("{\"error\":\"request over 64 KiB\"}") : (*handler_)(command);
      Poco::Net::SocketStream out(socket());
      out << reply << '\n';
      out.flush();
    } catch (...) {
      // A client that went away needs no answer.
    }
  }

private:
  std::shared_ptr<ControlServer::Handler> handler_;
};

class Factory final : public Poco::Net::TCPServerConnectionFactory {
public:
  explicit Factory(std::shared_ptr<ControlServer::Handler> handler) : handler_(std::move(handler)) {}
  Poco::Net::TCPServerConnection* createConnection(const Poco::Net::StreamSocket& socket) override {
    return new Connection(socket, handler_);
  }

private:
  std::shared_ptr<ControlServer::Handler> handler_;
};

}  // namespace

ControlServer::ControlServer(std::filesystem::path socketPath, Handler handler)
    : path_(std::move(socketPath)), handler_(std::make_shared<Handler>(std::move(handler))) {
  if (askRunningHost(path_, "ping"))
    throw HostError("another Monban host is already running (control socket " + path_.string() + ")");
  std::error_code ec;
  std::filesystem::remove(path_, ec);  // left behind by a host that did not stop cleanly
  try {
    // Owner and group only, from the moment the socket file exists.
    const mode_t previous = ::umask(0117);
    std::unique_ptr<Poco::Net::ServerSocket> socket;
    try {
      socket = std::make_unique<Poco::Net::ServerSocket>(
          Poco::Net::SocketAddress(Poco::Net::SocketAddress::UNIX_LOCAL, path_.string()));
    } catch (...) {
      ::umask(previous);
      throw;
    }
    ::umask(previous);
    auto* params = new Poco::Net::TCPServerParams;
    params->setMaxThreads(4);
    server_ = std::make_unique<Poco::Net::TCPServer>(new Factory(handler_), *socket, params);
    server_->start();
  } catch (const Poco::Exception& e) {
    throw HostError("cannot open control socket " + path_.string() + ": " + e.displayText());
  }
}

ControlServer::~ControlServer() {
  server_->stop();
  std::error_code ec;
  std::filesystem::remove(path_, ec);
}

std::optional<std::string> askRunningHost(const std::filesystem::path& socketPath, const std::string& command) {
  std::error_code ec;
  if (!std::filesystem::exists(socketPath, ec)) return std::nullopt;
  try {
    Poco::Net::StreamSocket socket;
    socket.connect(Poco::Net::SocketAddress(Poco::Net::SocketAddress::UNIX_LOCAL, socketPath.string()),
                   Poco::Timespan(2, 0));
    socket.setReceiveTimeout(Poco::Timespan(10, 0));
    const std::string line = command + "\n";
    socket.sendBytes(line.data(), static_cast<int>(line.size()));
    std::string reply;
    char buffer[4096];
    int n = 0;
    while ((n = socket.receiveBytes(buffer, sizeof(buffer))) > 0) reply.append(buffer, static_cast<std::size_t>(n));
    while (!reply.empty() && reply.back() == '\n') reply.pop_back();
    return reply;
  } catch (const Poco::Exception&) {
    return std::nullopt;
  }
}

}  // namespace monban::host
