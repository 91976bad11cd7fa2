#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "monban/access/Calendar.h"
#include "monban/access/LocalTime.h"

namespace monban::access {

/// How a door behaves in a time band.
enum class DoorMode {
  Card,      ///< locked; opens for a credential the tables allow
  Unlocked,  ///< free passage
  NoEntry,   ///< locked; no credential opens it
};
const char* toString(DoorMode mode);
std::optional<DoorMode> doorModeFromString(std::string_view text);

/// Passable levels run from 1 (passes in every band) to 8; a band admits levels up to its own.
inline constexpr int kMaxPassableLevel = 8;

/// One band of a schedule: from start (inclusive) to end (exclusive), minutes of the local day,
/// on dates of one kind. Bands never cross midnight; a night shift is two bands.
struct TimeBand {
  int64_t date_kind_id = 0;
  int start_minute = 0;  ///< 0-1439
  int end_minute = 0;    ///< 1-1440
  DoorMode door_mode = DoorMode::Card;
  int passable_level = kMaxPassableLevel;
  std::string verification_mode = "card";
  bool operator==(const TimeBand&) const = default;
};

/// What is wrong with a list of bands (ranges, levels, overlaps within one date kind), one
/// message per problem naming the band; empty when the list is valid.
std::vector<std::string> bandProblems(const std::vector<TimeBand>& bands);

/// The gate's own settings that take part in the decision.
struct GateSettings {
  std::string unlock_mode = "schedule";  ///< schedule, always_unlocked, always_locked
  std::string verification_mode = "card";
  bool operator==(const GateSettings&) const = default;
};

/// A door's effective mode at one instant, with how it was derived.
struct EffectiveMode {
  DoorMode door_mode = DoorMode::Card;
  int passable_level = kMaxPassableLevel;
  std::string verification_mode;
  DateKindOf date_kind;
  std::optional<TimeBand> band;  ///< the band in force, if any
  std::string reason;            ///< one sentence for people
};

/// The effective mode of a gate at `when` (local): the gate's unlock mode first, then the band of
/// its schedule covering the minute on dates of the calendar's kind; outside every band (or with
/// no schedule) the door is locked, opens for a credential of any level, with the gate's own
/// verification mode.
EffectiveMode effectiveMode(const CalendarRules& calendar, const std::vector<TimeBand>* schedule,
                            const GateSettings& gate, const LocalInstant& when);

}  // namespace monban::access
