#include "Simulator.h"

#include "monban/access/LocalTime.h"

#include <chrono>
#include <iostream>
#include <optional>
#include <sstream>
#include <stdexcept>

namespace monban::sim {

namespace asio = boost::asio;
using asio::ip::udp;

struct Simulator::Node {
  Node(asio::io_context& io, uint32_t id, const Key256& secret, std::size_t capacity, int64_t now)
      : controller(id, secret, capacity, now), socket(io), push_timer(io), down_timer(io) {}
  SimController controller;
  udp::socket socket;
  std::array<uint8_t, 2048> buffer{};
  udp::endpoint from;
  udp::endpoint server;
  bool offline = false;
  bool muted = false;  ///< hears and acts, but every frame it sends is lost
  bool powered = true;
  uint32_t push_request = 0;  ///< request id of the push in flight, 0 when none
  int push_attempts = 0;
  asio::steady_timer push_timer;
  asio::steady_timer down_timer;
  std::shared_ptr<std::vector<uint8_t>> held;  ///< a frame held back to be sent out of order
};

Simulator::Simulator(SimulatorOptions options) : options_(std::move(options)) {
  if (options_.password.empty())
    throw std::invalid_argument("--password is required (the mutual-authentication password)");
  const Key256 secret = deriveInstallationSecret(options_.password);
  server_ = udp::endpoint(asio::ip::make_address(options_.server_host), options_.server_port);
  const auto listen = asio::ip::make_address(options_.listen);
  const int64_t now = nowMs();
  for (uint32_t i = 0; i < options_.controllers; ++i) {
    auto node = std::make_unique<Node>(io_, options_.first_id + i, secret, options_.buffer_capacity, now);
    node->controller.setEventForm(options_.event_form);
    node->server = server_;
    node->socket.open(udp::v4());
    const udp::endpoint local(listen, static_cast<uint16_t>(options_.base_port + i));
    boost::system::error_code error;
    node->socket.bind(local, error);
    if (error)
      throw std::runtime_error("controller " + std::to_string(options_.first_id + i) + " cannot listen on " +
                               local.address().to_string() + ":" + std::to_string(local.port()) + ": " +
                               error.message());
    node->socket.set_option(asio::socket_base::receive_buffer_size(1 << 20));
    nodes_.push_back(std::move(node));
  }
  for (auto& node : nodes_) receive(*node);
  if (options_.control_port != 0) {
    try {
      control_ = std::make_unique<asio::ip::tcp::acceptor>(
          io_, asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), options_.control_port));
    } catch (const boost::system::system_error& e) {
      throw std::runtime_error("cannot listen for control on 127.0.0.1:" + std::to_string(options_.control_port) +
                               ": " + e.code().message());
    }
    acceptControl();
  }
}

Simulator::~Simulator() = default;

void Simulator::run() {
  io_.run();
}
void Simulator::stop() {
  asio::post(io_, [this] { io_.stop(); });
}

int64_t Simulator::nowMs() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

bool Simulator::chance(int percent) {
  return percent > 0 && std::uniform_int_distribution<int>(0, 99)(random_) < percent;
}

void Simulator::receive(Node& node) {
  node.socket.async_receive_from(asio::buffer(node.buffer), node.from, [this, &node](auto error, std::size_t size) {
    if (error == asio::error::operation_aborted) return;
    if (!error) onFrame(node, size);
    receive(node);
  });
}

void Simulator::onFrame(Node& node, std::size_t size) {
  ++frames_in_;
  bytes_in_ += size;
  if (node.offline || !node.powered || chance(faults_.drop)) {
    ++dropped_;
    return;
  }
  const std::span<const uint8_t> frame(node.buffer.data(), size);
  FrameHeader header;
  std::span<const uint8_t> payload;
  try {
    header = peekHeader(frame);
    if (header.controller_id != node.controller.id() || header.toServer())
      throw ProtocolError("frame for controller " + std::to_string(header.controller_id) + " arrived at controller " +
                          std::to_string(node.controller.id()));
    payload = authenticateFrame(frame, header, node.controller.keys());
    if (!node.controller.acceptCounter(header.counter))
      throw ProtocolError("replayed frame (counter " + std::to_string(header.counter) + ")");
  } catch (const ProtocolError& e) {
    ++rejected_;
    if (rejected_ <= 20 || rejected_ % 1000 == 0)
      std::cerr << "controller " << node.controller.id() << ": rejected a frame from " << node.from << ": " << e.what()
                << "\n";
    return;
  }
  node.server = node.from;
  if (header.isResponse()) {
    // The server's answer to an event push: it committed the events up to the given number.
    if (header.type != MessageType::EventPush || header.request_id != node.push_request) return;
    std::span<const uint8_t> body;
    try {
      if (decodeResult(payload, body) == ResultCode::Ok) {
        ByteReader r(body, "event push answer");
        node.controller.acknowledge(r.u64());
      }
    } catch (const ProtocolError&) {
      return;
    }
    node.push_request = 0;
    node.push_timer.cancel();
    if (!node.controller.buffered().empty()) schedulePush(node);
    return;
  }
  const auto reply = node.controller.handle(header, payload, nowMs());
  FrameHeader out;
  out.type = header.type;
  out.flags = kFlagResponse | kFlagToServer;
  out.key_epoch = node.controller.keys().epoch;
  out.controller_id = node.controller.id();
  out.request_id = header.request_id;
  send(node, out, reply);
  if (header.type == MessageType::EventsAck && node.push_request == 0 && !node.controller.buffered().empty())
    schedulePush(node);
}

void Simulator::send(Node& node, const FrameHeader& header, const std::vector<uint8_t>& payload) {
  FrameHeader h = header;
  h.counter = node.controller.nextCounter();
  auto frame = std::make_shared<std::vector<uint8_t>>(encodeFrame(h, payload, node.controller.keys()));
  transmit(node, std::move(frame), true);
}

void Simulator::transmit(Node& node, std::shared_ptr<std::vector<uint8_t>> frame, bool mayFault) {
  if (mayFault) {
    if (node.offline || node.muted || !node.powered || chance(faults_.drop)) {
      ++dropped_;
      return;
    }
    if (chance(faults_.duplicate)) transmit(node, frame, false);
    if (node.held == nullptr && chance(faults_.reorder)) {
      node.held = frame;  // goes out after the next frame, or after 50 ms
      auto timer = std::make_shared<asio::steady_timer>(io_, std::chrono::milliseconds(50));
      timer->async_wait([this, &node, timer](auto) {
        if (node.held) transmit(node, std::exchange(node.held, nullptr), false);
      });
      return;
    }
    if (faults_.delay_ms > 0) {
      auto timer = std::make_shared<asio::steady_timer>(io_, std::chrono::milliseconds(faults_.delay_ms));
      timer->async_wait([this, &node, frame, timer](auto) { transmit(node, frame, false); });
      return;
    }
  }
  ++frames_out_;
  node.socket.async_send_to(asio::buffer(*frame), node.server, [frame](auto, std::size_t) {});
  if (mayFault && node.held) transmit(node, std::exchange(node.held, nullptr), false);
}

void Simulator::schedulePush(Node& node) {
  if (!options_.push_events || node.push_request != 0 || node.controller.buffered().empty()) return;
  node.push_request = static_cast<uint32_t>(node.controller.nextCounter()) | 0x80000000u;
  node.push_attempts = 0;
  pushEvents(node);
}

void Simulator::pushEvents(Node& node) {
  if (node.push_request == 0) return;
  const auto payload = node.controller.pushPayload();
  if (payload.empty() || node.push_attempts >= 5) {
    // The server is away: the events wait in the buffer for its next fetch.
    node.push_request = 0;
    return;
  }
  ++node.push_attempts;
  FrameHeader h;
  h.type = MessageType::EventPush;
  h.flags = kFlagToServer;
  h.key_epoch = node.controller.keys().epoch;
  h.controller_id = node.controller.id();
  h.request_id = node.push_request;
  send(node, h, payload);
  node.push_timer.expires_after(std::chrono::milliseconds(300 << node.push_attempts));
  node.push_timer.async_wait([this, &node](auto error) {
    if (!error) pushEvents(node);
  });
}

Simulator::Node* Simulator::find(const std::string& idText) {
  uint32_t id = 0;
  try {
    id = static_cast<uint32_t>(std::stoul(idText));
  } catch (const std::exception&) {
    return nullptr;
  }
  if (id < options_.first_id || id - options_.first_id >= nodes_.size()) return nullptr;
  return nodes_[id - options_.first_id].get();
}

std::string Simulator::statusJson(Node& node) {
  const auto s = node.controller.status(nowMs());
  std::ostringstream out;
  out << "{\"id\":" << node.controller.id() << ",\"lock\":" << int(s.lock) << ",\"guard\":" << int(s.guard)
      << ",\"alarms\":" << s.alarms << ",\"unlock_mode\":\"" << s.unlock_mode << "\",\"verification_mode\":\""
      << s.verification_mode << "\",\"door_open_seconds\":" << node.controller.doorOpenSeconds()
      << ",\"released_ms\":" << node.controller.releasedMsLeft(nowMs())
      << ",\"buffered\":" << node.controller.buffered().size() << ",\"generated\":" << node.controller.generatedEvents()
      << ",\"lost\":" << s.lost_events << ",\"first_seq\":" << s.first_seq << ",\"next_seq\":" << s.next_seq
      << ",\"boot\":" << s.boot_count << ",\"offline\":" << (node.offline ? "true" : "false")
      << ",\"muted\":" << (node.muted ? "true" : "false") << ",\"key_epoch\":" << int(node.controller.keys().epoch)
      << ",\"tables\":{";
  for (uint8_t t = 1; t <= kTableCount; ++t) {
    const auto state = node.controller.tableState(static_cast<TableId>(t));
    out << (t > 1 ? "," : "") << "\"" << toString(state.table) << "\":{\"version\":" << state.version
        << ",\"entries\":" << state.entries << "}";
  }
  out << "}}";
  return out.str();
}

std::string Simulator::statsJson() {
  uint64_t generated = 0, buffered = 0, lost = 0;
  for (auto& node : nodes_) {
    generated += node->controller.generatedEvents();
    buffered += node->controller.buffered().size();
    lost += node->controller.lostEvents();
  }
  std::ostringstream out;
  out << "{\"controllers\":" << nodes_.size() << ",\"swipes\":" << swipes_ << ",\"generated\":" << generated
      << ",\"buffered\":" << buffered << ",\"lost\":" << lost << ",\"frames_in\":" << frames_in_
      << ",\"bytes_in\":" << bytes_in_ << ",\"frames_out\":" << frames_out_ << ",\"dropped\":" << dropped_
      << ",\"rejected\":" << rejected_ << "}";
  return out.str();
}

std::string Simulator::execute(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> w;
  for (std::string word; in >> word;) w.push_back(word);
  if (w.empty()) return "error: empty command";
  const std::string& verb = w[0];
  const int64_t now = nowMs();
  auto needNode = [&](std::size_t args) -> Node* {
    if (w.size() < args) return nullptr;
    return find(w[1]);
  };
  auto readerOf = [&](std::size_t i) {
    return w.size() > i && w[i] == "exit" ? access::Reader::Exit : access::Reader::Entry;
  };
  auto onOff = [&](std::size_t i) { return w.size() <= i || w[i] != "off"; };
  auto decisionText = [](const access::AccessDecision& d) {
    return d.code + " user=" + std::to_string(d.user_ref) + " " + d.reason;
  };
  if (verb == "swipe" || verb == "decide") {
    Node* node = needNode(3);
    if (node == nullptr) return "error: usage: " + verb + " CONTROLLER CARD [entry|exit] [PIN]; unknown controller?";
    const std::string pin = w.size() > 4 ? w[4] : "";
    const auto d = verb == "swipe" ? node->controller.swipe(w[2], pin, readerOf(3), now)
                                   : node->controller.decide(w[2], pin, readerOf(3), now);
    if (verb == "swipe") {
      ++swipes_;
      schedulePush(*node);
    }
    return decisionText(d);
  }
  if (verb == "decide-at") {
    Node* node = needNode(4);
    const auto at = w.size() >= 4 ? access::parseLocalDateTime(w[2]) : std::nullopt;
    if (node == nullptr || !at)
      return "error: usage: decide-at CONTROLLER YYYY-MM-DDTHH:MM CARD [entry|exit] [PIN]; unknown controller?";
    const auto d = node->controller.decideAt(w[3], w.size() > 5 ? w[5] : "", readerOf(4), *at);
    return decisionText(d);
  }
  if (verb == "swipes") {
    if (w.size() < 2) return "error: usage: swipes COUNT";
    const long count = std::stol(w[1]);
    // Each controller's card list, read once per command: swipes do not change the tables.
    std::vector<std::optional<std::vector<std::string>>> cardLists(nodes_.size());
    for (long i = 0; i < count; ++i) {
      const std::size_t index = std::uniform_int_distribution<std::size_t>(0, nodes_.size() - 1)(random_);
      Node& node = *nodes_[index];
      if (!cardLists[index]) cardLists[index] = node.controller.cards();
      const std::vector<std::string>& cards = *cardLists[index];
      std::string card = "UNKNOWN" + std::to_string(i % 97);
      if (!cards.empty() && !chance(10))
        card = cards[std::uniform_int_distribution<std::size_t>(0, cards.size() - 1)(random_)];
      node.controller.swipe(card, "", chance(50) ? access::Reader::Entry : access::Reader::Exit, now);
      ++swipes_;
      schedulePush(node);
    }
    return "ok " + std::to_string(count) + " swipes";
  }
  if (verb == "fault") {
    if (w.size() == 2 && w[1] == "clear") {
      faults_ = {};
      return "ok faults cleared";
    }
    if (w.size() != 3) return "error: usage: fault drop|duplicate|reorder PERCENT | fault delay MS | fault clear";
    const int value = std::stoi(w[2]);
    if (w[1] == "drop")
      faults_.drop = value;
    else if (w[1] == "duplicate" || w[1] == "dup")
      faults_.duplicate = value;
    else if (w[1] == "reorder")
      faults_.reorder = value;
    else if (w[1] == "delay")
      faults_.delay_ms = value;
    else
      return "error: unknown fault " + w[1];
    return "ok";
  }
  if (verb == "offline") {
    Node* node = needNode(2);
    if (node == nullptr) return "error: usage: offline CONTROLLER [on|off]";
    node->offline = onOff(2);
    return "ok";
  }
  if (verb == "mute") {
    Node* node = needNode(2);
    if (node == nullptr) return "error: usage: mute CONTROLLER [on|off]";
    node->muted = onOff(2);
    return "ok";
  }
  if (verb == "power-cycle") {
    Node* node = needNode(2);
    if (node == nullptr) return "error: usage: power-cycle CONTROLLER [DOWN_MS]";
    const int down = w.size() > 2 ? std::stoi(w[2]) : 2000;
    node->powered = false;
    node->push_request = 0;
    node->push_timer.cancel();
    node->down_timer.expires_after(std::chrono::milliseconds(down));
    node->down_timer.async_wait([this, node](auto error) {
      if (error) return;
      node->powered = true;
      node->controller.powerCycle(nowMs());
      schedulePush(*node);
    });
    return "ok";
  }
  if (verb == "tamper" || verb == "lock-fault") {
    Node* node = needNode(2);
    if (node == nullptr) return "error: usage: " + verb + " CONTROLLER [on|off]";
    if (verb == "tamper")
      node->controller.setTamper(onOff(2), now);
    else
      node->controller.setLockFault(onOff(2), now);
    schedulePush(*node);
    return "ok";
  }
  if (verb == "clock") {
    Node* node = needNode(3);
    if (node == nullptr) return "error: usage: clock CONTROLLER +SECONDS|-SECONDS";
    node->controller.skewClock(std::stoll(w[2]) * 1000);
    return "ok";
  }
  if (verb == "status") {
    Node* node = needNode(2);
    if (node == nullptr) return "error: usage: status CONTROLLER";
    return statusJson(*node);
  }
  if (verb == "cards") {
    Node* node = needNode(2);
    if (node == nullptr) return "error: usage: cards CONTROLLER";
    std::string out;
    for (const auto& card : node->controller.cards()) out += (out.empty() ? "" : " ") + card;
    return out;
  }
  if (verb == "stats") return statsJson();
  if (verb == "quit") {
    stop();
    return "ok";
  }
  return "error: unknown command \"" + verb +
         "\" (swipe, decide, swipes, fault, offline, mute, power-cycle, tamper, "
         "lock-fault, clock, status, cards, stats, quit)";
}

struct Simulator::Control : std::enable_shared_from_this<Simulator::Control> {
  Control(Simulator& sim, asio::ip::tcp::socket s) : simulator(sim), socket(std::move(s)) {}
  void read() {
    auto self = shared_from_this();
    asio::async_read_until(socket, input, '\n', [self](auto error, std::size_t) {
      if (error) return;
      std::istream stream(&self->input);
      std::string line;
      std::getline(stream, line);
      std::string answer;
      try {
        answer = self->simulator.execute(line);
      } catch (const std::exception& e) {
        answer = std::string("error: ") + e.what();
      }
      auto reply = std::make_shared<std::string>(answer + "\n");
      asio::async_write(self->socket, asio::buffer(*reply), [self, reply](auto writeError, std::size_t) {
        if (!writeError) self->read();
      });
    });
  }
  Simulator& simulator;
  asio::ip::tcp::socket socket;
  asio::streambuf input;
};

void Simulator::acceptControl() {
  control_->async_accept([this](auto error, asio::ip::tcp::socket socket) {
    if (error == asio::error::operation_aborted) return;
    if (!error) std::make_shared<Control>(*this, std::move(socket))->read();
    acceptControl();
  });
}

}  // namespace monban::sim
