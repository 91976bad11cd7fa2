#include "monban/access/LocalTime.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <ctime>

namespace monban::access {

namespace {

std::chrono::year_month_day ymd(CivilDate d) {
  return std::chrono::year_month_day{std::chrono::year{d.year}, std::chrono::month{static_cast<unsigned>(d.month)},
                                     std::chrono::day{static_cast<unsigned>(d.day)}};
}

CivilDate civil(std::chrono::year_month_day d) {
  return {static_cast<int>(d.year()), static_cast<int>(static_cast<unsigned>(d.month())),
          static_cast<int>(static_cast<unsigned>(d.day()))};
}

bool readInt(std::string_view text, int& out) {
  if (text.empty()) return false;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
  return error == std::errc() && end == text.data() + text.size();
}

/// mktime for the wall time in `tm` with the daylight-saving flag forced; the result only when
/// the local clock really shows that wall time at it.
std::optional<time_t> exactLocal(std::tm tm, int isDst) {
  tm.tm_isdst = isDst;
  const std::tm wanted = tm;
  const time_t t = std::mktime(&tm);
  if (t == static_cast<time_t>(-1)) return std::nullopt;
  std::tm back{};
  localtime_r(&t, &back);
  if (back.tm_year != wanted.tm_year || back.tm_mon != wanted.tm_mon || back.tm_mday != wanted.tm_mday ||
      back.tm_hour != wanted.tm_hour || back.tm_min != wanted.tm_min)
    return std::nullopt;
  return t;
}

}  // namespace

bool isValidDate(int year, int month, int day) {
  if (year < 1900 || year > 9999 || month < 1 || month > 12 || day < 1 || day > 31) return false;
  return ymd({year, month, day}).ok();
}

std::optional<CivilDate> parseDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  CivilDate d;
  if (!readInt(text.substr(0, 4), d.year) || !readInt(text.substr(5, 2), d.month) ||
      !readInt(text.substr(8, 2), d.day) || !isValidDate(d.year, d.month, d.day))
    return std::nullopt;
  return d;
}

std::string formatDate(CivilDate date) {
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", date.year, date.month, date.day);
  return buffer;
}

int32_t dateKey(CivilDate date) {
  return date.year * 10000 + date.month * 100 + date.day;
}

CivilDate dateFromKey(int32_t key) {
  return {key / 10000, key / 100 % 100, key % 100};
}

CivilDate addDays(CivilDate date, int days) {
  return civil(std::chrono::year_month_day{std::chrono::sys_days{ymd(date)} + std::chrono::days{days}});
}

int weekdayOf(CivilDate date) {
  // iso_encoding: Monday 1 … Sunday 7.
  return static_cast<int>(std::chrono::weekday{std::chrono::sys_days{ymd(date)}}.iso_encoding()) - 1;
}

std::optional<int> parseMinuteOfDay(std::string_view text, bool allowEndOfDay) {
  if (text.size() != 5 || text[2] != ':') return std::nullopt;
  int hour = 0;
  int minute = 0;
  if (!readInt(text.substr(0, 2), hour) || !readInt(text.substr(3, 2), minute)) return std::nullopt;
  if (allowEndOfDay && hour == 24 && minute == 0) return 1440;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59) return std::nullopt;
  return hour * 60 + minute;
}

std::string formatMinuteOfDay(int minute) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%02d:%02d", minute / 60, minute % 60);
  return buffer;
}

LocalInstant toLocal(int64_t epochMs) {
  int64_t seconds = epochMs / 1000;
  if (epochMs % 1000 < 0) --seconds;
  const time_t t = static_cast<time_t>(seconds);
  std::tm tm{};
  localtime_r(&t, &tm);
  return {{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday}, tm.tm_hour * 60 + tm.tm_min, tm.tm_sec};
}

int64_t fromLocal(CivilDate date, int minuteOfDay) {
  std::tm tm{};
  tm.tm_year = date.year - 1900;
  tm.tm_mon = date.month - 1;
  tm.tm_mday = date.day;
  tm.tm_hour = minuteOfDay / 60;
  tm.tm_min = minuteOfDay % 60;
  const std::optional<time_t> standard = exactLocal(tm, 0);
  const std::optional<time_t> summer = exactLocal(tm, 1);
  if (standard && summer) return static_cast<int64_t>(std::min(*standard, *summer)) * 1000;  // repeated hour
  if (standard) return static_cast<int64_t>(*standard) * 1000;
  if (summer) return static_cast<int64_t>(*summer) * 1000;
  // Skipped by a forward change: of the two readings (with the offset before and after the
  // change) the later one lies one gap after the wall time.
  std::tm asStandard = tm;
  asStandard.tm_isdst = 0;
  std::tm asSummer = tm;
  asSummer.tm_isdst = 1;
  return static_cast<int64_t>(std::max(std::mktime(&asStandard), std::mktime(&asSummer))) * 1000;
}

std::optional<int64_t> parseLocalDateTime(std::string_view text) {
  if (text.size() < 16 || (text[10] != 'T' && text[10] != ' ')) return std::nullopt;
  const std::optional<CivilDate> date = parseDate(text.substr(0, 10));
  const std::optional<int> minute = parseMinuteOfDay(text.substr(11, 5), false);
  if (!date || !minute) return std::nullopt;
  int second = 0;
  if (text.size() == 19) {
    if (text[16] != ':' || !readInt(text.substr(17, 2), second) || second < 0 || second > 59) return std::nullopt;
  } else if (text.size() != 16) {
    return std::nullopt;
  }
  return fromLocal(*date, *minute) + second * 1000;
}

std::string formatLocalDateTime(int64_t epochMs) {
  const LocalInstant local = toLocal(epochMs);
  char buffer[96];
  std::snprintf(buffer, sizeof buffer, "%sT%s:%02d", formatDate(local.date).c_str(),
                formatMinuteOfDay(local.minute_of_day).c_str(), local.second);
  return buffer;
}

}  // namespace monban::access
