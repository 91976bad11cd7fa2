#include "ControllerAddress.h"

#include <stdexcept>

#include "monban/controller/Frame.h"

namespace monban::gate {

boost::asio::ip::udp::endpoint parseControllerAddress(const std::string& address) {
  std::string host = address;
  std::string port;
  bool hasPort = false;
  if (!address.empty() && address.front() == '[') {  // [IPv6]:port
    const auto close = address.find(']');
    if (close == std::string::npos)
      throw std::invalid_argument("controller address \"" + address + "\": no ']' after the IPv6 address");
    host = address.substr(1, close - 1);
    if (close + 1 < address.size()) {
      if (address[close + 1] != ':')
        throw std::invalid_argument("controller address \"" + address + "\": expected ':port' after ']'");
      port = address.substr(close + 2);
      hasPort = true;
    }
  } else if (const auto colon = address.rfind(':');
             colon != std::string::npos && address.find(':') == colon) {  // IPv4 host:port
    host = address.substr(0, colon);
    port = address.substr(colon + 1);
    hasPort = true;
  }
  uint16_t number = monban::controller::kControllerPort;
  if (hasPort) {
    std::size_t used = 0;
    long value = 0;
    try {
      value = std::stol(port, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == 0 || used != port.size() || value < 1 || value > 65535)
      throw std::invalid_argument("controller address \"" + address + "\": the port is not 1-65535");
    number = static_cast<uint16_t>(value);
  }
  boost::system::error_code error;
  const auto ip = boost::asio::ip::make_address(host, error);
  if (error)
    throw std::invalid_argument("controller address \"" + address +
                                "\" is not an IP address with an optional port (a.b.c.d:port or [v6]:port)");
  return boost::asio::ip::udp::endpoint(ip, number);
}

}  // namespace monban::gate
