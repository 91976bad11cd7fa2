#include "monban/host/domain/HistoryTime.h"

#include <cstdio>
#include <ctime>

namespace monban::host::domain {

namespace {

constexpr int64_t kMsPerSecond = 1000;

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
int64_t daysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2 ? 1 : 0;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

int daysInMonth(int year, int month) {
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : days[month - 1];
}

/// Reads exactly `width` digits at `pos`.
std::optional<int> digits(std::string_view text, std::size_t& pos, std::size_t width) {
  if (pos + width > text.size()) return std::nullopt;
  int value = 0;
  for (std::size_t i = 0; i < width; ++i) {
    const char c = text[pos + i];
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  pos += width;
  return value;
}

bool accept(std::string_view text, std::size_t& pos, char c) {
  if (pos < text.size() && text[pos] == c) {
    ++pos;
    return true;
  }
  return false;
}

}  // namespace

std::string formatLocalIsoTime(int64_t ms) {
  int64_t seconds = ms / kMsPerSecond;
  int64_t millis = ms % kMsPerSecond;
  if (millis < 0) {
    millis += kMsPerSecond;
    --seconds;
  }
  const std::time_t t = static_cast<std::time_t>(seconds);
  std::tm local{};
  localtime_r(&t, &local);
  const long offsetMinutes = local.tm_gmtoff / 60;
  const long absOffset = offsetMinutes < 0 ? -offsetMinutes : offsetMinutes;
  char buffer[64];
  std::snprintf(buffer, sizeof(buffer), "%04d-%02d-%02dT%02d:%02d:%02d.%03d%c%02ld:%02ld", local.tm_year + 1900,
                local.tm_mon + 1, local.tm_mday, local.tm_hour, local.tm_min, local.tm_sec, static_cast<int>(millis),
                offsetMinutes < 0 ? '-' : '+', absOffset / 60, absOffset % 60);
  return buffer;
}

std::optional<int64_t> parseIsoTime(std::string_view text) {
  std::size_t pos = 0;
  const auto year = digits(text, pos, 4);
  if (!year || !accept(text, pos, '-')) return std::nullopt;
  const auto month = digits(text, pos, 2);
  if (!month || !accept(text, pos, '-')) return std::nullopt;
  const auto day = digits(text, pos, 2);
  if (!day || *month < 1 || *month > 12 || *day < 1 || *day > daysInMonth(*year, *month)) return std::nullopt;
  int hour = 0, minute = 0, second = 0, millis = 0;
  if (accept(text, pos, 'T') || accept(text, pos, ' ')) {
    const auto h = digits(text, pos, 2);
    if (!h || !accept(text, pos, ':')) return std::nullopt;
    const auto m = digits(text, pos, 2);
    if (!m) return std::nullopt;
    hour = *h;
    minute = *m;
    if (accept(text, pos, ':')) {
      const auto s = digits(text, pos, 2);
      if (!s) return std::nullopt;
      second = *s;
      if (accept(text, pos, '.')) {
        const auto f = digits(text, pos, 3);
        if (!f) return std::nullopt;
        millis = *f;
      }
    }
    if (hour > 23 || minute > 59 || second > 59) return std::nullopt;
  }
  const int64_t fields = (daysFromCivil(*year, *month, *day) * 86400 + hour * 3600 + minute * 60 + second);
  if (pos == text.size()) {
    // No offset: the host's local time, as an operator typing a time means it.
    std::tm local{};
    local.tm_year = *year - 1900;
    local.tm_mon = *month - 1;
    local.tm_mday = *day;
    local.tm_hour = hour;
    local.tm_min = minute;
    local.tm_sec = second;
    local.tm_isdst = -1;
    const std::time_t t = std::mktime(&local);
    if (t == static_cast<std::time_t>(-1) && fields != -1) return std::nullopt;
    return static_cast<int64_t>(t) * kMsPerSecond + millis;
  }
  int64_t offsetSeconds = 0;
  if (accept(text, pos, 'Z')) {
    offsetSeconds = 0;
  } else {
    const bool negative = pos < text.size() && text[pos] == '-';
    if (!accept(text, pos, '+') && !accept(text, pos, '-')) return std::nullopt;
    const auto oh = digits(text, pos, 2);
    if (!oh) return std::nullopt;
    accept(text, pos, ':');
    const auto om = digits(text, pos, 2);
    if (!om || *oh > 23 || *om > 59) return std::nullopt;
    offsetSeconds = (*oh * 3600 + *om * 60) * (negative ? -1 : 1);
  }
  if (pos != text.size()) return std::nullopt;
  return (fields - offsetSeconds) * kMsPerSecond + millis;
}

}  // namespace monban::host::domain
