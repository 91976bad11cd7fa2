#include "monban/access/Calendar.h"

namespace monban::access {

const char* toString(DaySource source) {
  switch (source) {
    case DaySource::Day:
      return "day";
    case DaySource::Annual:
      return "annual";
    case DaySource::Weekly:
      return "weekly";
  }
  return "weekly";
}

DateKindOf CalendarRules::kindOn(CivilDate date) const {
  if (auto it = days.find(dateKey(date)); it != days.end()) return {it->second, DaySource::Day};
  if (auto it = annual.find(date.month * 100 + date.day); it != annual.end()) return {it->second, DaySource::Annual};
  return {weekly[static_cast<std::size_t>(weekdayOf(date))], DaySource::Weekly};
}

}  // namespace monban::access
