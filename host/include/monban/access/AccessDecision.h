#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "monban/access/Calendar.h"
#include "monban/access/LocalTime.h"
#include "monban/access/Schedule.h"

namespace monban::access {

/// One card in a gate's permission table: who holds it and on what terms they may pass.
struct CardHolder {
  std::string card;        ///< card data, at most 16 characters
  int64_t user_ref = 0;    ///< access_users.id
  int32_t valid_from = 0;  ///< first valid date as dateKey (20260401); 0 = no limit
  int32_t valid_to = 0;    ///< last valid date as dateKey; 0 = no limit
  int passable_level = 1;  ///< 1-8; passes in bands whose level is at least this
  std::string pin;         ///< digits; empty when the user has none
  bool operator==(const CardHolder&) const = default;
};

/// Anti-passback of a gate: entry then exit, alternately, per user and area. Area 0 is the gate
/// itself; any other area is global, shared by the gates of the area.
struct AntiPassback {
  bool enforced = false;
  int64_t area_id = 0;
  bool operator==(const AntiPassback&) const = default;
};

/// Everything a controller holds that takes part in deciding at one gate.
struct GateTables {
  GateSettings gate;
  CalendarRules calendar;
  bool has_schedule = false;
  std::vector<TimeBand> schedule;
  std::unordered_map<std::string, CardHolder> cards;  ///< card data → holder
  AntiPassback anti_passback;
};

/// Which reader a credential was presented at.
enum class Reader { Entry = 1, Exit = 2 };

/// Where each user is, for anti-passback: inside or outside the area. Users not listed are unknown
/// and pass either way (the first swipe after a reset is never refused).
struct PassbackState {
  std::unordered_map<int64_t, bool> inside;  ///< user_ref → inside the area
};

/// A credential presented at a reader at a local instant.
struct Presentation {
  std::string card;
  std::string pin;  ///< empty when none was keyed
  Reader reader = Reader::Entry;
  LocalInstant when;
};

/// The outcome, with a reason code (docs/protocols/controller.md lists them) and one sentence.
struct AccessDecision {
  bool granted = false;
  std::string code;  ///< "granted", "denied_no_permission", "denied_passback", ...
  int64_t user_ref = 0;
  EffectiveMode mode;
  std::string reason;
  /// For a grant under anti-passback: the user's new place (inside after entry).
  bool passback_applies = false;
  bool inside_after = false;
};

/// The one access decision (SPEC section 10): the controller simulator decides swipes with it
/// and the server explains past and hypothetical swipes with it. Pure: no clock, no I/O.
/// Order: the door mode (unlocked passes anyone, no_entry nobody), the card in the table,
/// its validity dates, the passable level of the band, the PIN, then anti-passback.
AccessDecision decideAccess(const GateTables& tables, const PassbackState& passback, const Presentation& presented);

}  // namespace monban::access
