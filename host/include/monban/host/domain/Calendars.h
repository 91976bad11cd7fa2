#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "monban/access/Calendar.h"
#include "monban/access/Schedule.h"

namespace monban::host::domain {

/// A kind of date (weekday, holiday, special day n …) that schedules give their bands for.
struct DateKind {
  int64_t id = 0;
  std::string code;
  std::string name;
  std::string kind_class = "special";  ///< weekday, holiday, special
  int64_t updated_at_ms = 0;
};

/// A date that has the same kind every year (a national holiday on a fixed date).
struct AnnualDay {
  int month = 1;
  int day = 1;
  std::string name;
  int64_t date_kind_id = 0;
};

/// The template or the calendar of management groups (management_groups.calendar_id).
struct Calendar {
  int64_t id = 0;
  std::string name;
  bool is_template = false;
  std::array<int64_t, 7> weekly{};  ///< date kind per weekday, Monday first
  std::vector<int64_t> management_group_ids;
  int64_t updated_at_ms = 0;
};

/// One date as a calendar resolves it.
struct CalendarDay {
  access::CivilDate date;
  access::DateKindOf kind;
};

/// A calendar over a range of dates, with the ranges an operator may view and edit.
struct CalendarView {
  Calendar calendar;
  access::CivilDate viewable_from, viewable_to, editable_from, editable_to;
  std::vector<CalendarDay> days;
};

/// A change of one date: a kind to set, or none to fall back to the annual and weekly rules.
struct DayChange {
  access::CivilDate date;
  std::optional<int64_t> date_kind_id;
};

/// A change of a calendar; fields left empty stay as they are.
struct CalendarChange {
  int64_t id = 0;
  std::optional<std::string> name;
  std::optional<std::array<int64_t, 7>> weekly;
  std::vector<DayChange> days;
};

/// What an iCalendar import did.
struct CalendarImportResult {
  int applied = 0;
  int skipped = 0;  ///< dates outside the editable range
  std::vector<std::string> notes;
};

/// A schedule: time bands per date kind, and the gates that follow it.
struct Schedule {
  int64_t id = 0;
  std::string code;
  std::string name;
  std::string description;
  std::vector<int64_t> gate_ids;
  std::vector<access::TimeBand> bands;
  int64_t updated_at_ms = 0;
};

/// A gate's effective door mode at one instant and everything it was derived from.
struct GateModeAnswer {
  int64_t gate_id = 0;
  int64_t at_ms = 0;
  access::LocalInstant local;
  int64_t calendar_id = 0;
  std::optional<int64_t> schedule_id;
  access::EffectiveMode mode;
};

/// Everything a controller needs to follow calendars and schedules, for the transfers.
struct CalendarTables {
  std::vector<DateKind> date_kinds;
  std::vector<AnnualDay> annual_days;
  std::vector<Calendar> calendars;
  std::vector<Schedule> schedules;
};

}  // namespace monban::host::domain
