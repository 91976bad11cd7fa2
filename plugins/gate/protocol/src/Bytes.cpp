#include "monban/controller/Bytes.h"

namespace monban::controller {

void ByteWriter::varint(uint64_t v) {
  while (v >= 0x80) {
    out_.push_back(static_cast<uint8_t>(v | 0x80));
    v >>= 7;
  }
  out_.push_back(static_cast<uint8_t>(v));
}

void ByteWriter::text(std::string_view s) {
  if (s.size() > 255) throw ProtocolError("text of " + std::to_string(s.size()) + " bytes is over 255");
  u8(s.size());
  out_.insert(out_.end(), s.begin(), s.end());
}

uint64_t ByteReader::get(std::size_t n) {
  if (remaining() < n) fail("needs " + std::to_string(n) + " more bytes, has " + std::to_string(remaining()));
  uint64_t v = 0;
  for (std::size_t i = 0; i < n; ++i) v = (v << 8) | in_[pos_ + i];
  pos_ += n;
  return v;
}

uint64_t ByteReader::varint() {
  uint64_t v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    const uint8_t b = u8();
    v |= static_cast<uint64_t>(b & 0x7f) << shift;
    if ((b & 0x80) == 0) return v;
  }
  fail("varint longer than 10 bytes");
}

std::string ByteReader::text() {
  const std::size_t n = u8();
  const auto b = bytes(n);
  return std::string(b.begin(), b.end());
}

std::span<const uint8_t> ByteReader::bytes(std::size_t n) {
  if (remaining() < n) fail("needs " + std::to_string(n) + " more bytes, has " + std::to_string(remaining()));
  const auto out = in_.subspan(pos_, n);
  pos_ += n;
  return out;
}

void ByteReader::expectEnd() const {
  if (!done()) fail(std::to_string(remaining()) + " unexpected trailing bytes");
}

void ByteReader::fail(const std::string& problem) const {
  throw ProtocolError(what_ + " at byte " + std::to_string(pos_) + ": " + problem);
}

}  // namespace monban::controller
