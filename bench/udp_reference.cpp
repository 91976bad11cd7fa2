// Reference for the gate benchmark: raw loopback UDP request/answer round trips per second with
// W requests in flight (one blocking requester per worker, as the gate driver's workers are), the
// answerer a single thread echoing each datagram. No protocol, no crypto: the floor the
// controller link is compared with. Usage: monban_udp_reference [--workers W] [--seconds S] [--bytes N]
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

namespace {

int udpSocket(sockaddr_in& bound) {
  const int fd = socket(AF_INET, SOCK_DGRAM, 0);
  if (fd < 0) {
    std::perror("socket");
    std::exit(1);
  }
  bound = {};
  bound.sin_family = AF_INET;
  bound.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(fd, reinterpret_cast<sockaddr*>(&bound), sizeof bound) != 0) {
    std::perror("bind");
    std::exit(1);
  }
  socklen_t length = sizeof bound;
  getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &length);
  timeval wait{0, 200'000};  // lets the threads notice the end of the run
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
  return fd;
}

}  // namespace

int main(int argc, char** argv) {
  int workers = 50;
  double seconds = 3;
  std::size_t bytes = 64;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--workers")
      workers = std::atoi(argv[i + 1]);
    else if (flag == "--seconds")
      seconds = std::atof(argv[i + 1]);
    else if (flag == "--bytes")
      bytes = static_cast<std::size_t>(std::atol(argv[i + 1]));
  }
  sockaddr_in serverAddress{};
  const int server = udpSocket(serverAddress);
  std::atomic<bool> running{true};
  std::thread answerer([&] {
    std::vector<char> buffer(2048);
    while (running) {
      sockaddr_in from{};
      socklen_t length = sizeof from;
      const ssize_t n = recvfrom(server, buffer.data(), buffer.size(), 0, reinterpret_cast<sockaddr*>(&from), &length);
      if (n > 0)
        sendto(server, buffer.data(), static_cast<std::size_t>(n), 0, reinterpret_cast<sockaddr*>(&from), length);
    }
  });
  std::atomic<long> trips{0};
  std::vector<std::thread> requesters;
  const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  for (int w = 0; w < workers; ++w) {
    requesters.emplace_back([&] {
      sockaddr_in own{};
      const int fd = udpSocket(own);
      std::vector<char> out(bytes, 'x'), in(2048);
      long done = 0;
      while (std::chrono::steady_clock::now() < until) {
        sendto(fd, out.data(), out.size(), 0, reinterpret_cast<const sockaddr*>(&serverAddress), sizeof serverAddress);
        if (recv(fd, in.data(), in.size(), 0) > 0) ++done;
      }
      trips += done;
      close(fd);
    });
  }
  for (auto& t : requesters) t.join();
  running = false;
  answerer.join();
  close(server);
  std::printf("udp reference: %d workers, %zu-byte datagrams: %.0f round trips/s\n", workers, bytes,
              static_cast<double>(trips.load()) / seconds);
  return 0;
}
