#pragma once

#include <array>
#include <cstdint>
#include <map>

#include "monban/access/LocalTime.h"

namespace monban::access {

/// Where a date's kind came from, strongest first.
enum class DaySource { Day, Annual, Weekly };
const char* toString(DaySource source);

/// The kind of a date (weekday, holiday, special day n …) and where it came from.
struct DateKindOf {
  int64_t date_kind_id = 0;
  DaySource source = DaySource::Weekly;
};

/// What a calendar says about dates: an explicit kind for single dates, then the annual fixed
/// days (same month and day every year), then the kind of each day of the week.
struct CalendarRules {
  std::array<int64_t, 7> weekly{};    ///< date kind per weekday, Monday first
  std::map<int32_t, int64_t> days;    ///< dateKey → date kind
  std::map<int32_t, int64_t> annual;  ///< month * 100 + day → date kind

  DateKindOf kindOn(CivilDate date) const;
};

}  // namespace monban::access
