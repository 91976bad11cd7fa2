#pragma once

#include <string>
#include <vector>

#include "monban/access/LocalTime.h"

namespace monban::host::domain {

/// A date named by an iCalendar event.
struct ICalDate {
  access::CivilDate date;
  std::string category;  ///< the event's first CATEGORIES value, "" when none
  std::string summary;
};

/// The dates from `from` to `to` covered by the VEVENTs of an iCalendar text (RFC 5545, read by
/// libical): all-day spans, recurrence rules and exception dates included. Throws DomainError
/// "invalid" naming the problem when the text is not iCalendar or an event has no start.
std::vector<ICalDate> readICalendarDates(const std::string& text, access::CivilDate from, access::CivilDate to);

/// One all-day event of an export.
struct ICalExportDay {
  access::CivilDate date;
  std::string category;
  std::string summary;
};

/// An iCalendar text with one all-day VEVENT per day; UIDs are stable per calendar and date.
std::string writeICalendar(const std::string& calendarName, int64_t calendarId, const std::vector<ICalExportDay>& days,
                           int64_t nowMs);

}  // namespace monban::host::domain
