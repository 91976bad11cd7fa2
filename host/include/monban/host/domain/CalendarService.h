#pragma once

#include <optional>
#include <string>
#include <vector>

#include "monban/host/domain/Actor.h"
#include "monban/host/domain/Calendars.h"
#include "monban/host/domain/DomainContext.h"

namespace soci {
class session;
}

namespace monban::host::domain {

/// Calendars and schedules (SPEC sections 3 and 4): date kinds, annual fixed days, the template
/// and the calendar of each management group, schedules and the gates that follow them, and the
/// effective door mode of any gate at any instant. Reads need the calendars-and-schedules right
/// at view, changes at edit; a management group's calendar also needs the group in scope.
/// Dates are the server's local dates: calendars are viewable from one year back to one year
/// ahead and editable from tomorrow to one year ahead.
class CalendarService {
public:
  explicit CalendarService(DomainContext& context) : context_(context) {}

  std::vector<DateKind> listDateKinds(const Actor& actor);
  DateKind createDateKind(const Actor& actor, const DateKind& input);
  DateKind updateDateKind(const Actor& actor, const DateKind& input);
  /// Refused (conflict) while a calendar, an annual day or a schedule band uses the kind.
  void deleteDateKind(const Actor& actor, int64_t id);

  std::vector<AnnualDay> annualDays(const Actor& actor);
  /// Replaces the whole list (at most 202 days, one per month and day).
  std::vector<AnnualDay> replaceAnnualDays(const Actor& actor, const std::vector<AnnualDay>& days);

  std::vector<Calendar> listCalendars(const Actor& actor);
  /// The calendar with every date from `from` to `to`, both clamped to the viewable range
  /// (the whole range when absent).
  CalendarView calendar(const Actor& actor, int64_t id, std::optional<access::CivilDate> from = {},
                        std::optional<access::CivilDate> to = {});
  /// A calendar for a management group that has none: a copy of the template from tomorrow on.
  Calendar createCalendar(const Actor& actor, int64_t managementGroupId, const std::string& name);
  Calendar updateCalendar(const Actor& actor, const CalendarChange& change);
  /// Takes the template's weekly pattern and its dates from tomorrow on.
  Calendar copyTemplate(const Actor& actor, int64_t id);
  /// The groups of the calendar fall back to the template; the template cannot be deleted.
  void deleteCalendar(const Actor& actor, int64_t id);
  /// Sets the dates of the VEVENTs of an iCalendar file (RFC 5545; recurrence rules expanded)
  /// within the editable range to `dateKindId`, or, when absent, to the kind whose code is the
  /// event's CATEGORIES. All or nothing: a malformed file changes nothing.
  CalendarImportResult importICalendar(const Actor& actor, int64_t id, const std::string& content,
                                       std::optional<int64_t> dateKindId);
  /// The explicit dates of the calendar as an iCalendar file, one all-day event per date.
  std::string exportICalendar(const Actor& actor, int64_t id);

  std::vector<Schedule> listSchedules(const Actor& actor);
  Schedule schedule(const Actor& actor, int64_t id);
  Schedule createSchedule(const Actor& actor, const Schedule& input);
  Schedule updateSchedule(const Actor& actor, const Schedule& input);
  void deleteSchedule(const Actor& actor, int64_t id);

  /// The effective door mode of a gate at `atMs` (needs the gates or the calendars right at
  /// view, and the gate's management group in scope).
  GateModeAnswer modeAt(const Actor& actor, int64_t gateId, int64_t atMs);

  /// Every calendar and schedule, as the transfers to controllers send them.
  CalendarTables tables(const Actor& actor);
  /// Bumped with every change of a calendar, schedule, date kind or annual day.
  int64_t revision();

private:
  DomainContext& context_;
};

}  // namespace monban::host::domain
