#include "ControllerLink.h"
#include "ControllerAddress.h"

#include <openssl/rand.h>

#include <chrono>
#include <future>
#include <optional>
#include <sstream>

namespace monban::gate {

namespace asio = boost::asio;
using asio::ip::udp;

struct ControllerLink::Peer {
  uint32_t id = 0;
  udp::endpoint endpoint;
  KeyState key;  ///< the secrets behind `keys` and `pending_keys`
  FrameKeys keys;
  ReplayWindow window;
  std::optional<FrameKeys> pending_keys;  ///< during a key change, or after one left unconfirmed
  void use(const PeerKey& current) {
    key.current = current;
    keys = deriveFrameKeys(current.secret, id, current.epoch);
    forget();
  }
  /// Accepts frames under `next` too, until the change to it is confirmed or refused.
  void expect(const PeerKey& next) {
    key.unconfirmed = next;
    pending_keys = deriveFrameKeys(next.secret, id, next.epoch);
  }
  void forget() {
    key.unconfirmed.reset();
    pending_keys.reset();
  }
};

struct ControllerLink::Pending {
  Pending(asio::io_context& io) : timer(io) {}
  uint32_t controller = 0;
  FrameHeader header;
  std::vector<uint8_t> payload;
  int attempts = 0;
  int timeout_ms = 0;
  asio::steady_timer timer;
  std::promise<Reply> promise;
  bool done = false;
};

namespace {

uint32_t randomId() {
  uint32_t v = 0;
  RAND_bytes(reinterpret_cast<unsigned char*>(&v), sizeof v);
  return (v & 0x3fffffffu) + 1;
}

}  // namespace

ControllerLink::ControllerLink(Options options, PushHandler onPush, RejectHandler onReject,
                               KeyConfirmedHandler onKeyConfirmed)
    : options_(std::move(options)),
      on_push_(std::move(onPush)),
      on_reject_(std::move(onReject)),
      on_key_confirmed_(std::move(onKeyConfirmed)),
      work_(asio::make_work_guard(io_)),
      socket_(io_),
      // The high half is this start's time in seconds: counters keep rising across restarts.
      counter_(static_cast<uint64_t>(
                   std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
                       .count())
               << 32),
      request_id_(randomId()) {
  const udp::endpoint local(asio::ip::make_address(options_.listen), options_.port);
  socket_.open(local.protocol());
  socket_.set_option(asio::socket_base::reuse_address(true));
  socket_.set_option(asio::socket_base::receive_buffer_size(4 << 20));
  socket_.bind(local);
  bound_port_ = socket_.local_endpoint().port();
}

ControllerLink::~ControllerLink() {
  stop();
}

void ControllerLink::start() {
  receive();
  thread_ = std::thread([this] { io_.run(); });
}

void ControllerLink::stop() {
  if (!thread_.joinable()) return;
  std::lock_guard stopping(post_mutex_);  // no request is posted after this one
  stopped_ = true;
  asio::post(io_, [this] {
    boost::system::error_code ignored;
    socket_.close(ignored);
    for (auto& [key, pending] : pending_) {
      pending->timer.cancel();
      if (!pending->done) {
        pending->done = true;
        Reply r;
        r.error = "the gate driver is stopping";
        pending->promise.set_value(std::move(r));
      }
    }
    pending_.clear();
    work_.reset();
  });
  thread_.join();
}

void ControllerLink::setController(uint32_t id, const std::string& address, const KeyState& keys) {
  const udp::endpoint endpoint = parseControllerAddress(address);
  asio::post(io_, [this, id, endpoint, keys] {
    auto& peer = peers_[id];
    if (!peer) {
      peer = std::make_unique<Peer>();
      peer->id = id;
      peer->use(keys.current);
      if (keys.unconfirmed) peer->expect(*keys.unconfirmed);
    }
    peer->endpoint = endpoint;
  });
}

void ControllerLink::removeController(uint32_t id) {
  asio::post(io_, [this, id] { peers_.erase(id); });
}

Reply ControllerLink::call(uint32_t controllerId, MessageType type, std::vector<uint8_t> payload) {
  auto pending = std::make_shared<Pending>(io_);
  pending->controller = controllerId;
  pending->header.type = type;
  pending->header.controller_id = controllerId;
  pending->header.request_id = request_id_++;
  pending->payload = std::move(payload);
  pending->timeout_ms = options_.timeout_ms;
  auto future = pending->promise.get_future();
  std::unique_lock posting(post_mutex_);
  if (stopped_) {
    Reply r;
    r.error = "the gate driver is stopping";
    return r;
  }
  asio::post(io_, [this, pending] {
    const auto found = peers_.find(pending->controller);
    if (found == peers_.end() || !socket_.is_open()) {
      pending->done = true;
      Reply r;
      r.error = "controller " + std::to_string(pending->controller) + " is not configured";
      pending->promise.set_value(std::move(r));
      return;
    }
    pending_[{pending->controller, pending->header.request_id}] = pending;
    transmit(*found->second, *pending);
    arm(pending);
  });
  posting.unlock();
  return future.get();
}

void ControllerLink::transmit(Peer& peer, Pending& pending) {
  FrameHeader h = pending.header;
  h.counter = nextCounter();
  h.key_epoch = peer.keys.epoch;
  auto frame = std::make_shared<std::vector<uint8_t>>(encodeFrame(h, pending.payload, peer.keys));
  ++pending.attempts;
  {
    std::lock_guard lock(counters_mutex_);
    ++counters_.frames_out;
    if (pending.attempts > 1) ++counters_.retransmissions;
  }
  socket_.async_send_to(asio::buffer(*frame), peer.endpoint, [frame](auto, std::size_t) {});
}

void ControllerLink::arm(std::shared_ptr<Pending> pending) {
  pending->timer.expires_after(std::chrono::milliseconds(pending->timeout_ms));
  pending->timer.async_wait([this, pending](auto error) {
    if (error || pending->done) return;
    const auto peer = peers_.find(pending->controller);
    if (pending->attempts >= options_.attempts || peer == peers_.end()) {
      pending->done = true;
      pending_.erase({pending->controller, pending->header.request_id});
      {
        std::lock_guard lock(counters_mutex_);
        ++counters_.unanswered;
      }
      Reply r;
      r.error = "no answer after " + std::to_string(pending->attempts) + " attempts";
      pending->promise.set_value(std::move(r));
      return;
    }
    pending->timeout_ms *= 2;
    transmit(*peer->second, *pending);
    arm(pending);
  });
}

void ControllerLink::receive() {
  socket_.async_receive_from(asio::buffer(buffer_), from_, [this](auto error, std::size_t size) {
    if (error == asio::error::operation_aborted || !socket_.is_open()) return;
    if (!error) onFrame(size);
    receive();
  });
}

void ControllerLink::onFrame(std::size_t size) {
  {
    std::lock_guard lock(counters_mutex_);
    ++counters_.frames_in;
  }
  const std::span<const uint8_t> frame(buffer_.data(), size);
  auto reject = [&](const std::string& reason) {
    {
      std::lock_guard lock(counters_mutex_);
      ++counters_.rejected;
    }
    std::ostringstream from;
    from << from_;
    on_reject_(from.str(), reason);
  };
  FrameHeader header;
  std::span<const uint8_t> payload;
  Peer* peer = nullptr;
  try {
    header = peekHeader(frame);
    if (!header.toServer()) throw ProtocolError("frame not marked as sent by a controller");
    const auto found = peers_.find(header.controller_id);
    if (found == peers_.end())
      throw ProtocolError("frame of unknown controller " + std::to_string(header.controller_id));
    peer = found->second.get();
    const bool underPending = peer->pending_keys && header.key_epoch == peer->pending_keys->epoch;
    payload = authenticateFrame(frame, header, underPending ? *peer->pending_keys : peer->keys);
    if (peer->key.unconfirmed && pending_key_changes_.count(peer->id) == 0) {
      // A key change whose answers were all lost: a changed controller speaks under its new
      // epoch only, so this frame tells whether it took the change.
      if (underPending)
        peer->use(*peer->key.unconfirmed);
      else
        peer->forget();
      on_key_confirmed_(peer->id, peer->key);
    }
    if (!peer->window.accept(header.counter))
      throw ProtocolError("replayed frame of controller " + std::to_string(header.controller_id) + " (counter " +
                          std::to_string(header.counter) + ")");
  } catch (const ProtocolError& e) {
    reject(e.what());
    return;
  }
  if (!header.isResponse()) {
    if (header.type != MessageType::EventPush) {
      reject(std::string("controller sent a ") + toString(header.type) + " request; only event pushes are accepted");
      return;
    }
    try {
      on_push_(header.controller_id, header.request_id, decodeEvents(payload).events);
    } catch (const ProtocolError& e) {
      reject(e.what());
    }
    return;
  }
  const auto found = pending_.find({header.controller_id, header.request_id});
  if (found == pending_.end()) return;  // a duplicate answer, or one after we gave up
  auto pending = found->second;
  if (header.type != pending->header.type) {
    reject("answer of type " + std::string(toString(header.type)) + " to a " + toString(pending->header.type));
    return;
  }
  Reply r;
  try {
    std::span<const uint8_t> body;
    r.code = decodeResult(payload, body);
    r.body.assign(body.begin(), body.end());
    r.answered = true;
  } catch (const ProtocolError& e) {
    reject(e.what());
    return;
  }
  pending_.erase(found);
  pending->done = true;
  pending->timer.cancel();
  pending->promise.set_value(std::move(r));
}

void ControllerLink::answerPush(uint32_t controllerId, uint32_t requestId, uint64_t committedSeq) {
  asio::post(io_, [this, controllerId, requestId, committedSeq] {
    const auto found = peers_.find(controllerId);
    if (found == peers_.end() || !socket_.is_open()) return;
    ByteWriter body;
    body.u64(committedSeq);
    FrameHeader h;
    h.type = MessageType::EventPush;
    h.flags = kFlagResponse;
    h.controller_id = controllerId;
    h.request_id = requestId;
    h.counter = nextCounter();
    h.key_epoch = found->second->keys.epoch;
    auto frame = std::make_shared<std::vector<uint8_t>>(
        encodeFrame(h, encodeResult(ResultCode::Ok, body.data()), found->second->keys));
    {
      std::lock_guard lock(counters_mutex_);
      ++counters_.frames_out;
    }
    socket_.async_send_to(asio::buffer(*frame), found->second->endpoint, [frame](auto, std::size_t) {});
  });
}

std::array<uint8_t, 60> ControllerLink::prepareKeyChange(uint32_t controllerId, const Key256& next, uint8_t& epoch) {
  std::promise<std::array<uint8_t, 60>> done;
  auto future = done.get_future();
  std::unique_lock posting(post_mutex_);
  if (stopped_) throw std::runtime_error("the gate driver is stopping");
  asio::post(io_, [&] {
    const auto found = peers_.find(controllerId);
    if (found == peers_.end()) {
      done.set_exception(std::make_exception_ptr(std::invalid_argument("unknown controller")));
      return;
    }
    Peer& peer = *found->second;
    if (peer.key.unconfirmed && peer.key.unconfirmed->secret != next) {
      done.set_exception(std::make_exception_ptr(
          std::invalid_argument("its last key change is unconfirmed (every answer was lost); repeat that change with "
                                "the same password first")));
      return;
    }
    epoch = peer.key.unconfirmed ? peer.key.unconfirmed->epoch : static_cast<uint8_t>(peer.keys.epoch + 1);
    peer.expect(PeerKey{next, epoch});
    pending_key_changes_.insert(controllerId);
    done.set_value(sealSecret(peer.keys.to_controller, next));
  });
  posting.unlock();
  return future.get();
}

KeyState ControllerLink::completeKeyChange(uint32_t controllerId, const Reply& reply) {
  std::promise<KeyState> done;
  auto future = done.get_future();
  std::unique_lock posting(post_mutex_);
  if (stopped_) throw std::runtime_error("the gate driver is stopping");
  asio::post(io_, [&] {
    pending_key_changes_.erase(controllerId);
    const auto found = peers_.find(controllerId);
    if (found == peers_.end()) {
      done.set_exception(std::make_exception_ptr(std::invalid_argument("unknown controller")));
      return;
    }
    Peer& peer = *found->second;
    if (peer.key.unconfirmed) {
      if (reply.ok()) {
        peer.use(*peer.key.unconfirmed);
      } else if (reply.answered) {  // refused under the current key: nothing changed there
        peer.forget();
      }  // no answer: kept, and settled by the controller's next authenticated frame
    }
    done.set_value(peer.key);
  });
  posting.unlock();
  return future.get();
}

ControllerLink::Counters ControllerLink::counters() const {
  std::lock_guard lock(counters_mutex_);
  return counters_;
}

}  // namespace monban::gate
