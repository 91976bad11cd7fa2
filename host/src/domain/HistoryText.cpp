#include "monban/host/domain/HistoryText.h"

namespace monban::host::domain {

namespace {

bool inRange(unsigned char c, unsigned char low, unsigned char high) {
  return c >= low && c <= high;
}

/// The length of the well-formed UTF-8 sequence at `i` (RFC 3629), 0 when it is not one or is NUL.
std::size_t sequenceLength(std::string_view text, std::size_t i) {
  const auto at = [&](std::size_t k) { return static_cast<unsigned char>(text[i + k]); };
  const unsigned char c = at(0);
  if (c == 0) return 0;
  if (c < 0x80) return 1;
  const std::size_t left = text.size() - i;
  if (inRange(c, 0xC2, 0xDF)) return left >= 2 && inRange(at(1), 0x80, 0xBF) ? 2 : 0;
  if (inRange(c, 0xE0, 0xEF)) {
    if (left < 3) return 0;
    const unsigned char low = c == 0xE0 ? 0xA0 : 0x80;
    const unsigned char high = c == 0xED ? 0x9F : 0xBF;  // no surrogates
    return inRange(at(1), low, high) && inRange(at(2), 0x80, 0xBF) ? 3 : 0;
  }
  if (inRange(c, 0xF0, 0xF4)) {
    if (left < 4) return 0;
    const unsigned char low = c == 0xF0 ? 0x90 : 0x80;
    const unsigned char high = c == 0xF4 ? 0x8F : 0xBF;  // nothing above U+10FFFF
    return inRange(at(1), low, high) && inRange(at(2), 0x80, 0xBF) && inRange(at(3), 0x80, 0xBF) ? 4 : 0;
  }
  return 0;
}

}  // namespace

std::string_view fitHistoryText(std::string_view text, std::size_t maxChars, std::string& scratch) {
  std::size_t i = 0;
  std::size_t chars = 0;
  while (i < text.size()) {
    const std::size_t length = sequenceLength(text, i);
    if (length == 0) break;
    if (chars == maxChars) return text.substr(0, i);
    ++chars;
    i += length;
  }
  if (i == text.size()) return text;
  // A bad byte: copy, replacing each one.
  scratch.assign(text.substr(0, i));
  while (i < text.size() && chars < maxChars) {
    const std::size_t length = sequenceLength(text, i);
    if (length == 0) {
      scratch += "\xEF\xBF\xBD";
      ++i;
    } else {
      scratch.append(text.substr(i, length));
      i += length;
    }
    ++chars;
  }
  return scratch;
}

}  // namespace monban::host::domain
