#pragma once

#include <utility>  // before Asio: Boost 1.74 with GCC 12 in C++20 needs std::exchange declared

#include <atomic>
#include <boost/asio.hpp>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "monban/controller/Frame.h"
#include "monban/controller/Messages.h"

namespace monban::gate {

using namespace monban::controller;

/// The answer to one request, or why there was none.
struct Reply {
  bool answered = false;
  ResultCode code = ResultCode::Ok;
  std::vector<uint8_t> body;  ///< the response after its result code
  std::string error;          ///< when not answered: "no answer after 4 attempts"
  bool ok() const { return answered && code == ResultCode::Ok; }
  /// What went wrong, for messages: the controller's result code, or why no answer came.
  std::string problem() const { return answered ? toString(code) : error; }
};

/// The server end of the controller protocol on one UDP socket (port 11000): authenticates and
/// replay-checks every frame, retransmits requests until answered, and hands pushed events on.
/// `call` blocks its caller (a driver worker) while the Asio thread does the I/O.
class ControllerLink {
public:
  struct Options {
    std::string listen = "0.0.0.0";
    uint16_t port = kControllerPort;
    int timeout_ms = 250;  ///< first retransmission; doubles each time
    int attempts = 4;
  };
  using PushHandler = std::function<void(uint32_t controllerId, uint32_t requestId, std::vector<EventRecord> events)>;
  using RejectHandler = std::function<void(const std::string& from, const std::string& reason)>;

  ControllerLink(Options options, const Key256& secret, PushHandler onPush, RejectHandler onReject);
  ~ControllerLink();
  void start();
  void stop();

  /// Adds or moves a controller ("host:port", default port 11000). Throws std::invalid_argument
  /// for an address that is not IPv4/IPv6 with an optional port.
  void setController(uint32_t id, const std::string& address);
  void removeController(uint32_t id);

  /// Sends one request and waits for its answer, retransmitting with the same request id.
  Reply call(uint32_t controllerId, MessageType type, std::vector<uint8_t> payload);
  /// Answers an event push: the controller may drop its events up to `committedSeq`.
  void answerPush(uint32_t controllerId, uint32_t requestId, uint64_t committedSeq);

  /// Starts a key change: frames use `next` (epoch + 1) from the controller's confirmation on.
  /// Returns the sealed secret to send in the KeyChange request.
  std::array<uint8_t, 60> prepareKeyChange(uint32_t controllerId, const Key256& next, uint8_t& epoch);
  void completeKeyChange(uint32_t controllerId, bool confirmed);

  uint16_t boundPort() const { return bound_port_; }
  struct Counters {
    uint64_t frames_in = 0, frames_out = 0, rejected = 0, retransmissions = 0, unanswered = 0;
  };
  Counters counters() const;

private:
  struct Peer;
  struct Pending;
  void receive();
  void onFrame(std::size_t size);
  void transmit(Peer& peer, Pending& pending);
  void arm(std::shared_ptr<Pending> pending);
  uint64_t nextCounter() { return counter_++; }

  Options options_;
  Key256 secret_;
  PushHandler on_push_;
  RejectHandler on_reject_;
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  boost::asio::ip::udp::socket socket_;
  std::array<uint8_t, 2048> buffer_{};
  boost::asio::ip::udp::endpoint from_;
  std::thread thread_;
  std::mutex post_mutex_;
  bool stopped_ = false;  ///< guarded by post_mutex_
  uint16_t bound_port_ = 0;
  // Touched on the Asio thread only.
  std::map<uint32_t, std::unique_ptr<Peer>> peers_;
  std::map<std::pair<uint32_t, uint32_t>, std::shared_ptr<Pending>> pending_;
  uint64_t counter_;
  std::atomic<uint32_t> request_id_;
  mutable std::mutex counters_mutex_;
  Counters counters_;
};

}  // namespace monban::gate
