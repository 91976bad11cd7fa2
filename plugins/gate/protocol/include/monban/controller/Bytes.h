#pragma once

#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace monban::controller {

/// A frame or payload that breaks the protocol (docs/protocols/controller.md), with what and where.
class ProtocolError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// Appends big-endian integers, varints and short strings.
class ByteWriter {
public:
  void u8(uint64_t v) { out_.push_back(static_cast<uint8_t>(v)); }
  void u16(uint64_t v) { put(v, 2); }
  void u32(uint64_t v) { put(v, 4); }
  void u64(uint64_t v) { put(v, 8); }
  void i64(int64_t v) { put(static_cast<uint64_t>(v), 8); }
  /// LEB128: 7 bits per byte, low bits first.
  void varint(uint64_t v);
  /// One length byte, then the bytes; longer text is refused.
  void text(std::string_view s);
  void bytes(std::span<const uint8_t> b) { out_.insert(out_.end(), b.begin(), b.end()); }
  std::vector<uint8_t>& data() { return out_; }
  std::vector<uint8_t> take() { return std::move(out_); }

private:
  void put(uint64_t v, int n) {
    for (int i = n - 1; i >= 0; --i) out_.push_back(static_cast<uint8_t>(v >> (8 * i)));
  }
  std::vector<uint8_t> out_;
};

/// Reads what ByteWriter wrote; every read past the end throws ProtocolError naming `what`.
class ByteReader {
public:
  ByteReader(std::span<const uint8_t> in, std::string what) : in_(in), what_(std::move(what)) {}
  uint8_t u8() { return static_cast<uint8_t>(get(1)); }
  uint16_t u16() { return static_cast<uint16_t>(get(2)); }
  uint32_t u32() { return static_cast<uint32_t>(get(4)); }
  uint64_t u64() { return get(8); }
  int64_t i64() { return static_cast<int64_t>(get(8)); }
  uint64_t varint();
  std::string text();
  std::span<const uint8_t> bytes(std::size_t n);
  std::size_t remaining() const { return in_.size() - pos_; }
  bool done() const { return pos_ == in_.size(); }
  /// Throws unless every byte was read: trailing bytes are as wrong as missing ones.
  void expectEnd() const;
  [[noreturn]] void fail(const std::string& problem) const;

private:
  uint64_t get(std::size_t n);
  std::span<const uint8_t> in_;
  std::size_t pos_ = 0;
  std::string what_;
};

}  // namespace monban::controller
