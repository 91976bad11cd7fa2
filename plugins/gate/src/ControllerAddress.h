#pragma once

#include <utility>  // before Asio: Boost 1.74 with GCC 12 in C++20 needs std::exchange declared

#include <boost/asio/ip/udp.hpp>
#include <string>

namespace monban::gate {

/// A gate's `controller_address`: "a.b.c.d:port", "[v6]:port", or an address without a port
/// (11000). Throws std::invalid_argument naming the address and what is wrong with it; host
/// names are refused.
boost::asio::ip::udp::endpoint parseControllerAddress(const std::string& address);

}  // namespace monban::gate
