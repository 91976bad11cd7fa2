#pragma once

#include <utility>  // before Asio: Boost 1.74 with GCC 12 in C++20 needs std::exchange declared

#include <boost/asio.hpp>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "SimController.h"

namespace monban::sim {

struct SimulatorOptions {
  uint32_t controllers = 1;
  uint32_t first_id = 1;  ///< controller ids (= gate ids in Monban) first_id, first_id + 1, ...
  std::string listen = "127.0.0.1";
  uint16_t base_port = 11001;  ///< controller i listens on base_port + i
  std::string server_host = "127.0.0.1";
  uint16_t server_port = kControllerPort;
  std::string password;
  uint16_t control_port = 0;  ///< 0: no control port
  std::size_t buffer_capacity = 10000;
  bool push_events = true;  ///< send each event at once, besides answering fetches
  /// Deflated event batches when more events fit that way; plain ones only with --plain-events.
  EventForm event_form = EventForm::Deflated;
};

/// Frame faults, in percent of frames (both directions) and milliseconds.
struct Faults {
  int drop = 0;
  int duplicate = 0;
  int reorder = 0;
  int delay_ms = 0;
};

/// Runs the simulated controllers on one Asio thread: one UDP socket each, faults on every
/// frame, and a line-based control port for swipes, faults and state (docs/controller-sim.md).
class Simulator {
public:
  explicit Simulator(SimulatorOptions options);
  ~Simulator();
  /// Runs until `stop` (or SIGINT/SIGTERM in main).
  void run();
  void stop();
  /// Executes one control command and returns its one-line answer.
  std::string execute(const std::string& line);

private:
  struct Node;
  struct Control;
  void receive(Node& node);
  void onFrame(Node& node, std::size_t size);
  void send(Node& node, const FrameHeader& header, const std::vector<uint8_t>& payload);
  void transmit(Node& node, std::shared_ptr<std::vector<uint8_t>> frame, bool mayFault);
  void pushEvents(Node& node);
  void schedulePush(Node& node);
  void acceptControl();
  Node* find(const std::string& idText);
  std::string statusJson(Node& node);
  std::string statsJson();
  int64_t nowMs() const;
  bool chance(int percent);

  SimulatorOptions options_;
  boost::asio::io_context io_;
  boost::asio::ip::udp::endpoint server_;
  std::vector<std::unique_ptr<Node>> nodes_;
  std::unique_ptr<boost::asio::ip::tcp::acceptor> control_;
  Faults faults_;
  std::mt19937_64 random_{20261121};
  uint64_t frames_in_ = 0;
  uint64_t bytes_in_ = 0;  ///< datagram bytes received, headers and MACs included
  uint64_t frames_out_ = 0;
  uint64_t rejected_ = 0;
  uint64_t dropped_ = 0;
  uint64_t swipes_ = 0;
};

}  // namespace monban::sim
