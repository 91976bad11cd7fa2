#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace monban::controller {

/// Raw deflate (RFC 1951: no zlib header or checksum; the frame's MAC already covers the bytes),
/// tuned for payloads of a few kilobytes: little memory to set up, so it is cheap per frame.
std::vector<uint8_t> deflateRaw(std::span<const uint8_t> in);

/// Inflates raw deflate data that must come to exactly `size` bytes and use every input byte.
/// Anything else (a broken stream, more or fewer bytes, trailing input) throws ProtocolError
/// naming `what`. Never produces more than `size` bytes, so a small frame cannot expand without
/// bound.
std::vector<uint8_t> inflateRaw(std::span<const uint8_t> in, std::size_t size, const std::string& what);

}  // namespace monban::controller
