#include "monban/host/domain/HistoryQuery.h"

namespace monban::host::domain {

namespace {

constexpr char kCursorTag = 'h';
constexpr std::size_t kHexDigits = 16;

void appendHex(std::string& out, uint64_t value) {
  static const char* digits = "0123456789abcdef";
  for (int shift = 60; shift >= 0; shift -= 4) out += digits[(value >> shift) & 0xF];
}

std::optional<uint64_t> parseHex(const std::string& text, std::size_t at) {
  uint64_t value = 0;
  for (std::size_t i = at; i < at + kHexDigits; ++i) {
    const char c = text[i];
    int digit = 0;
    if (c >= '0' && c <= '9')
      digit = c - '0';
    else if (c >= 'a' && c <= 'f')
      digit = c - 'a' + 10;
    else
      return std::nullopt;
    value = (value << 4) | static_cast<uint64_t>(digit);
  }
  return value;
}

}  // namespace

std::string encodeHistoryCursor(const HistoryCursor& cursor) {
  std::string out(1, kCursorTag);
  appendHex(out, static_cast<uint64_t>(cursor.occurred_at_ms));
  appendHex(out, static_cast<uint64_t>(cursor.id));
  return out;
}

std::optional<HistoryCursor> decodeHistoryCursor(const std::string& text) {
  if (text.size() != 1 + 2 * kHexDigits || text[0] != kCursorTag) return std::nullopt;
  const auto at = parseHex(text, 1);
  const auto id = parseHex(text, 1 + kHexDigits);
  if (!at || !id) return std::nullopt;
  return HistoryCursor{static_cast<int64_t>(*at), static_cast<int64_t>(*id)};
}

}  // namespace monban::host::domain
