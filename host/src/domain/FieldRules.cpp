#include "monban/host/domain/FieldRules.h"

#include <cstdint>

namespace monban::host::domain {

std::size_t invalidUtf8At(std::string_view value) {
  std::size_t i = 0;
  while (i < value.size()) {
    const auto c = static_cast<unsigned char>(value[i]);
    std::size_t extra = 0;
    uint32_t min = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      extra = 1;
      min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
      extra = 2;
      min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
      extra = 3;
      min = 0x10000;
    } else {
      return i;
    }
    if (i + extra >= value.size()) return i;
    uint32_t code = c & (0x3F >> extra);
    for (std::size_t k = 1; k <= extra; ++k) {
      const auto next = static_cast<unsigned char>(value[i + k]);
      if ((next & 0xC0) != 0x80) return i;
      code = (code << 6) | (next & 0x3F);
    }
    // Overlong forms, UTF-16 surrogates and values past U+10FFFF are not UTF-8.
    if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return i;
    i += extra + 1;
  }
  return std::string_view::npos;
}

std::size_t utf8Length(std::string_view value) {
  std::size_t n = 0;
  for (char c : value)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  return n;
}

std::string checkUserId(std::string_view value) {
  if (value.empty()) return "is empty";
  if (value.size() > 32) return "is longer than 32 characters";
  if (value.find_first_not_of(' ') == std::string_view::npos) return "is only spaces";
  if (value.front() == '\'') return "starts with '";
  static constexpr std::string_view kForbidden = "\"+;<>?[]\\`{|}:#(),*/=";
  for (char c : value) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u > 0x7E) return "has a character that is not printable ASCII";
    if (kForbidden.find(c) != std::string_view::npos) return std::string("has the forbidden character ") + c;
  }
  return {};
}

std::string checkCardData(std::string_view value) {
  if (value.empty()) return "is empty";
  if (value.size() > 16) return "is longer than 16 characters";
  for (char c : value) {
    const bool alnum = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    if (!alnum) return "has a character other than ASCII letters and digits";
  }
  return {};
}

std::string checkPin(std::string_view value) {
  if (value.empty()) return {};
  if (value.size() < 4 || value.size() > 8) return "is not 4 to 8 digits";
  for (char c : value)
    if (c < '0' || c > '9') return "has a character other than digits";
  return {};
}

std::string checkCode(std::string_view value) {
  if (value.empty()) return "is empty";
  if (value.size() > 32) return "is longer than 32 characters";
  for (char c : value) {
    const bool ok =
        (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c == '.' || c == '-';
    if (!ok) return "has a character other than A-Z a-z 0-9 _ . -";
  }
  return {};
}

std::string checkText(std::string_view value, std::size_t maxChars, bool required) {
  if (value.empty()) return required ? "is empty" : "";
  if (invalidUtf8At(value) != std::string_view::npos) return "is not valid UTF-8";
  for (char c : value) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) return "has a control character";
  }
  if (value.find_first_not_of(' ') == std::string_view::npos) return "is only spaces";
  if (utf8Length(value) > maxChars) return "is longer than " + std::to_string(maxChars) + " characters";
  return {};
}

std::string checkDate(std::string_view value, bool required) {
  if (value.empty()) return required ? "is empty" : "";
  auto digits = [&](std::size_t from, std::size_t count) {
    int n = 0;
    for (std::size_t i = from; i < from + count; ++i) {
      if (value[i] < '0' || value[i] > '9') return -1;
      n = n * 10 + (value[i] - '0');
    }
    return n;
  };
  if (value.size() != 10 || value[4] != '-' || value[7] != '-') return "is not a date YYYY-MM-DD";
  const int year = digits(0, 4), month = digits(5, 2), day = digits(8, 2);
  if (year < 1900 || month < 1 || month > 12 || day < 1) return "is not a date YYYY-MM-DD";
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  const int last = kDays[month - 1] + (month == 2 && leap ? 1 : 0);
  if (day > last) return "is not a day of that month";
  return {};
}

std::string checkPassableLevel(long level) {
  if (level < 1 || level > 8) return "is not a passable level 1-8";
  return {};
}

}  // namespace monban::host::domain
