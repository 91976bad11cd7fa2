#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace monban::scheduler {

/// When a job runs, in server local time. Three forms:
///   "at 02:20,10:20,18:20"   fixed times of day
///   "every 5 minutes"        (or "every 2 hours") slots aligned to multiples of the interval
///   "rrule FREQ=WEEKLY;BYDAY=MO;BYHOUR=3;BYMINUTE=0"  an RFC 5545 recurrence rule (libical),
///                            the cron-like form; times default to 00:00 without BYHOUR/BYMINUTE
/// A fixed time that does not exist on a spring-forward day runs one gap later; one that
/// happens twice when daylight saving ends runs once, the first time.
class JobSchedule {
public:
  /// Throws std::invalid_argument naming what is wrong.
  static JobSchedule parse(const std::string& text);

  /// The first slot strictly after `afterMs`; INT64_MAX when the rule has ended.
  int64_t nextAfter(int64_t afterMs) const;
  /// The last slot in (afterMs, atMs] and how many there were (capped at `limit`).
  struct Slots {
    std::optional<int64_t> last;
    int count = 0;
  };
  Slots slotsBetween(int64_t afterMs, int64_t atMs, int limit = 10000) const;
  const std::string& text() const { return text_; }

private:
  enum class Kind { At, Every, Rule };
  Kind kind_ = Kind::At;
  std::string text_;
  std::vector<int> minutes_;  ///< At: minutes of the day, sorted
  int64_t every_ms_ = 0;      ///< Every
  std::string rule_;          ///< Rule: the RRULE value
};

}  // namespace monban::scheduler
