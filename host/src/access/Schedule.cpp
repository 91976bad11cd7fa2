#include "monban/access/Schedule.h"

#include <algorithm>

namespace monban::access {

const char* toString(DoorMode mode) {
  switch (mode) {
    case DoorMode::Card:
      return "card";
    case DoorMode::Unlocked:
      return "unlocked";
    case DoorMode::NoEntry:
      return "no_entry";
  }
  return "card";
}

std::optional<DoorMode> doorModeFromString(std::string_view text) {
  if (text == "card") return DoorMode::Card;
  if (text == "unlocked") return DoorMode::Unlocked;
  if (text == "no_entry") return DoorMode::NoEntry;
  return std::nullopt;
}

namespace {

std::string describe(const TimeBand& band) {
  return "band " + formatMinuteOfDay(band.start_minute) + "-" + formatMinuteOfDay(band.end_minute) + " of date kind " +
         std::to_string(band.date_kind_id);
}

}  // namespace

std::vector<std::string> bandProblems(const std::vector<TimeBand>& bands) {
  std::vector<std::string> problems;
  for (const TimeBand& b : bands) {
    if (b.start_minute < 0 || b.start_minute > 1439 || b.end_minute < 1 || b.end_minute > 1440 ||
        b.end_minute <= b.start_minute)
      problems.push_back(describe(b) + ": start must be before end, within 00:00-24:00");
    if (b.passable_level < 1 || b.passable_level > kMaxPassableLevel)
      problems.push_back(describe(b) + ": passable level " + std::to_string(b.passable_level) +
                         " is not between 1 and " + std::to_string(kMaxPassableLevel));
  }
  std::vector<const TimeBand*> sorted;
  for (const TimeBand& b : bands) sorted.push_back(&b);
  std::sort(sorted.begin(), sorted.end(), [](const TimeBand* a, const TimeBand* b) {
    return a->date_kind_id != b->date_kind_id ? a->date_kind_id < b->date_kind_id : a->start_minute < b->start_minute;
  });
  for (std::size_t i = 1; i < sorted.size(); ++i)
    if (sorted[i]->date_kind_id == sorted[i - 1]->date_kind_id && sorted[i]->start_minute < sorted[i - 1]->end_minute)
      problems.push_back(describe(*sorted[i]) + " overlaps " + describe(*sorted[i - 1]));
  return problems;
}

EffectiveMode effectiveMode(const CalendarRules& calendar, const std::vector<TimeBand>* schedule,
                            const GateSettings& gate, const LocalInstant& when) {
  EffectiveMode out;
  out.verification_mode = gate.verification_mode;
  out.date_kind = calendar.kindOn(when.date);
  const std::string kindText = "date kind " + std::to_string(out.date_kind.date_kind_id) + " (from the " +
                               toString(out.date_kind.source) + " rule of the calendar)";
  if (gate.unlock_mode == "always_unlocked") {
    out.door_mode = DoorMode::Unlocked;
    out.reason = "the gate's unlock mode is always_unlocked";
    return out;
  }
  if (schedule != nullptr && gate.unlock_mode == "schedule") {
    for (const TimeBand& band : *schedule) {
      if (band.date_kind_id != out.date_kind.date_kind_id || when.minute_of_day < band.start_minute ||
          when.minute_of_day >= band.end_minute)
        continue;
      out.door_mode = band.door_mode;
      out.passable_level = band.passable_level;
      out.verification_mode = band.verification_mode;
      out.band = band;
      out.reason = formatDate(when.date) + " is " + kindText + "; the schedule's band " +
                   formatMinuteOfDay(band.start_minute) + "-" + formatMinuteOfDay(band.end_minute) + " applies";
      return out;
    }
  }
  if (gate.unlock_mode == "always_locked")
    out.reason = "the gate's unlock mode is always_locked: locked, opens for a credential";
  else if (schedule == nullptr)
    out.reason = "the gate has no schedule: locked, opens for a credential";
  else
    out.reason = formatDate(when.date) + " is " + kindText +
                 "; no band of the schedule covers this time: locked, opens for a credential";
  return out;
}

}  // namespace monban::access
