#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace monban::access {

/// A date on the server's local calendar (SPEC: calendars and jobs follow server local time).
struct CivilDate {
  int year = 1970;
  int month = 1;  ///< 1-12
  int day = 1;    ///< 1-31
  auto operator<=>(const CivilDate&) const = default;
};

/// Whether year-month-day names a real date (29 February only in leap years).
bool isValidDate(int year, int month, int day);
/// "2026-12-24"; nullopt for anything else, including impossible dates.
std::optional<CivilDate> parseDate(std::string_view text);
std::string formatDate(CivilDate date);
/// 20261224, the form dates are stored in.
int32_t dateKey(CivilDate date);
CivilDate dateFromKey(int32_t key);
CivilDate addDays(CivilDate date, int days);
/// 0 = Monday … 6 = Sunday.
int weekdayOf(CivilDate date);

/// "08:30" → 510; "24:00" → 1440 when `allowEndOfDay`; nullopt otherwise.
std::optional<int> parseMinuteOfDay(std::string_view text, bool allowEndOfDay);
std::string formatMinuteOfDay(int minute);

/// An instant as the server's clock shows it.
struct LocalInstant {
  CivilDate date;
  int minute_of_day = 0;  ///< 0-1439
  int second = 0;
};

/// The local date and time of `epochMs` in the process time zone (TZ), daylight saving included.
LocalInstant toLocal(int64_t epochMs);
/// The first instant at which the local clock shows `date` `minuteOfDay`:00. A wall time that
/// repeats when daylight saving ends gives its first occurrence; one skipped when it starts gives
/// the instant one gap later (02:30 on a spring-forward night is 03:30).
int64_t fromLocal(CivilDate date, int minuteOfDay);
/// "2026-12-24T08:30" or "2026-12-24 08:30[:ss]" in local time; nullopt when malformed.
std::optional<int64_t> parseLocalDateTime(std::string_view text);
/// "2026-12-24T08:30:00" in local time.
std::string formatLocalDateTime(int64_t epochMs);

}  // namespace monban::access
