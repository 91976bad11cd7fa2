#pragma once

#include <utility>  // before Asio: Boost 1.74 with GCC 12 in C++20 needs std::exchange declared

#include <atomic>
#include <boost/asio.hpp>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "KeyRing.h"
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
  /// A controller answered under the key of a key change whose answers had been lost.
  using KeyConfirmedHandler = std::function<void(uint32_t controllerId, KeyState state)>;

  ControllerLink(Options options, PushHandler onPush, RejectHandler onReject, KeyConfirmedHandler onKeyConfirmed);
  ~ControllerLink();
  void start();
  void stop();

  /// Adds or moves a controller ("a.b.c.d:port", "[v6]:port", or either without a port for
  /// 11000). A new controller starts with `keys`; one already known keeps its own. Throws
  /// std::invalid_argument for an address that is not an IP address with an optional port.
  void setController(uint32_t id, const std::string& address, const KeyState& keys);
  void removeController(uint32_t id);

  /// Sends one request and waits for its answer, retransmitting with the same request id.
  Reply call(uint32_t controllerId, MessageType type, std::vector<uint8_t> payload);
  /// Answers an event push: the controller may drop its events up to `committedSeq`.
  void answerPush(uint32_t controllerId, uint32_t requestId, uint64_t committedSeq);

  /// Starts a key change: frames use `next` (epoch + 1) from the controller's confirmation on.
  /// Returns the sealed secret to send in the KeyChange request. Repeats the epoch of a change
  /// left unconfirmed; throws std::invalid_argument when `next` differs from that change's secret
  /// (the controller would take the repeated epoch as done without opening the new secret).
  std::array<uint8_t, 60> prepareKeyChange(uint32_t controllerId, const Key256& next, uint8_t& epoch);
  /// Ends a key change with the controller's reply: `ok` makes the new key current, another
  /// answer drops it, and no answer keeps it as unconfirmed until the controller speaks under
  /// one key or the other. Returns the controller's key state after it.
  KeyState completeKeyChange(uint32_t controllerId, const Reply& reply);

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
  PushHandler on_push_;
  RejectHandler on_reject_;
  KeyConfirmedHandler on_key_confirmed_;
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
  std::set<uint32_t> pending_key_changes_;  ///< controllers whose key change awaits its answer
  uint64_t counter_;
  std::atomic<uint32_t> request_id_;
  mutable std::mutex counters_mutex_;
  Counters counters_;
};

}  // namespace monban::gate
