// controller-sim: simulated door controllers speaking Monban's controller protocol over UDP
// (docs/protocols/controller.md), for tests, demos and commissioning (docs/controller-sim.md).
#include <csignal>
#include <iostream>
#include <map>

#include "Simulator.h"

namespace {

const char kUsage[] =
    "usage: controller-sim run --password PW [--controllers N] [--first-id ID] [--base-port PORT]\n"
    "                          [--listen ADDR] [--server HOST:PORT] [--control-port PORT]\n"
    "                          [--buffer EVENTS] [--no-push] [--plain-events]\n"
    "       controller-sim ctl CONTROL_PORT COMMAND...\n"
    "Controller i (0-based) has id first-id + i and listens on base-port + i.\n"
    "Control commands: swipe, decide, decide-at, swipes, fault, offline, mute, power-cycle, tamper,\n"
    "lock-fault, clock, status, cards, stats, quit (docs/controller-sim.md).\n";

monban::sim::Simulator* running = nullptr;

int control(int argc, char** argv) {
  namespace asio = boost::asio;
  if (argc < 4) {
    std::cerr << kUsage;
    return 2;
  }
  std::string line;
  for (int i = 3; i < argc; ++i) line += (i > 3 ? " " : "") + std::string(argv[i]);
  asio::io_context io;
  asio::ip::tcp::socket socket(io);
  socket.connect(
      asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), static_cast<uint16_t>(std::stoi(argv[2]))));
  line += "\n";
  asio::write(socket, asio::buffer(line));
  asio::streambuf reply;
  asio::read_until(socket, reply, '\n');
  std::istream in(&reply);
  std::string answer;
  std::getline(in, answer);
  std::cout << answer << "\n";
  return answer.rfind("error", 0) == 0 ? 1 : 0;
}

uint16_t port(const std::string& flag, const std::string& text) {
  const long value = std::stol(text);
  if (value < 0 || value > 65535) throw std::invalid_argument(flag + " " + text + " is not a port number");
  return static_cast<uint16_t>(value);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 2 && std::string(argv[1]) == "ctl") {
    try {
      return control(argc, argv);
    } catch (const std::exception& e) {
      std::cerr << "controller-sim ctl: " << e.what() << "\n";
      return 1;
    }
  }
  if (argc < 2 || std::string(argv[1]) != "run") {
    std::cerr << kUsage;
    return 2;
  }
  monban::sim::SimulatorOptions options;
  try {
    for (int i = 2; i < argc; ++i) {
      const std::string flag = argv[i];
      if (flag == "--no-push") {
        options.push_events = false;
        continue;
      }
      if (flag == "--plain-events") {
        options.event_form = monban::controller::EventForm::Plain;
        continue;
      }
      if (i + 1 >= argc) throw std::invalid_argument(flag + " needs a value");
      const std::string value = argv[++i];
      if (flag == "--password")
        options.password = value;
      else if (flag == "--controllers")
        options.controllers = static_cast<uint32_t>(std::stoul(value));
      else if (flag == "--first-id")
        options.first_id = static_cast<uint32_t>(std::stoul(value));
      else if (flag == "--base-port")
        options.base_port = port(flag, value);
      else if (flag == "--listen")
        options.listen = value;
      else if (flag == "--control-port")
        options.control_port = port(flag, value);
      else if (flag == "--buffer")
        options.buffer_capacity = std::stoul(value);
      else if (flag == "--server") {
        const auto colon = value.rfind(':');
        if (colon == std::string::npos) throw std::invalid_argument("--server " + value + " is not HOST:PORT");
        options.server_host = value.substr(0, colon);
        options.server_port = port(flag, value.substr(colon + 1));
      } else {
        throw std::invalid_argument("unknown option " + flag);
      }
    }
    if (options.controllers < 1 || options.controllers > 1000)
      throw std::invalid_argument("--controllers must be 1-1000");
    if (options.base_port + options.controllers - 1 > 65535) throw std::invalid_argument("ports run past 65535");
    monban::sim::Simulator simulator(options);
    running = &simulator;
    std::signal(SIGINT, [](int) { running->stop(); });
    std::signal(SIGTERM, [](int) { running->stop(); });
    std::cout << "controller-sim: " << options.controllers << " controllers (ids " << options.first_id << "-"
              << options.first_id + options.controllers - 1 << ") on " << options.listen << ":" << options.base_port
              << "-" << options.base_port + options.controllers - 1 << ", server " << options.server_host << ":"
              << options.server_port
              << (options.control_port ? ", control port " + std::to_string(options.control_port) : "") << std::endl;
    simulator.run();
    running = nullptr;
    return 0;
  } catch (const std::logic_error& e) {  // a bad option: std::invalid_argument, std::out_of_range
    std::cerr << "controller-sim: " << e.what() << "\n" << kUsage;
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "controller-sim: " << e.what() << "\n";
    return 1;
  }
}
