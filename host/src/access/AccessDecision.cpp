#include "monban/access/AccessDecision.h"

namespace monban::access {

namespace {

AccessDecision denied(AccessDecision out, const char* code, std::string reason) {
  out.granted = false;
  out.code = code;
  out.reason = std::move(reason);
  return out;
}

std::string describeDate(int32_t key) {
  return formatDate(dateFromKey(key));
}

}  // namespace

AccessDecision decideAccess(const GateTables& tables, const PassbackState& passback, const Presentation& presented) {
  AccessDecision out;
  out.mode =
      effectiveMode(tables.calendar, tables.has_schedule ? &tables.schedule : nullptr, tables.gate, presented.when);
  const auto found = tables.cards.find(presented.card);
  if (found != tables.cards.end()) out.user_ref = found->second.user_ref;
  if (out.mode.door_mode == DoorMode::NoEntry)
    return denied(std::move(out), "denied_no_entry", "the door admits nobody now: " + out.mode.reason);
  if (out.mode.door_mode == DoorMode::Unlocked) {
    out.granted = true;
    out.code = "granted_unlocked";
    out.reason = "the door is unlocked now: " + out.mode.reason;
    return out;
  }
  if (found == tables.cards.end())
    return denied(std::move(out), "denied_no_permission", "card " + presented.card + " may not pass this gate");
  const CardHolder& holder = found->second;
  const int32_t today = dateKey(presented.when.date);
  if (holder.valid_from != 0 && today < holder.valid_from)
    return denied(std::move(out), "denied_not_yet_valid", "the card is valid from " + describeDate(holder.valid_from));
  if (holder.valid_to != 0 && today > holder.valid_to)
    return denied(std::move(out), "denied_expired", "the card was valid until " + describeDate(holder.valid_to));
  if (holder.passable_level > out.mode.passable_level)
    return denied(std::move(out), "denied_time_band",
                  "passable level " + std::to_string(holder.passable_level) + " is above the level " +
                      std::to_string(out.mode.passable_level) + " admitted now: " + out.mode.reason);
  const std::string& verification = out.mode.verification_mode;
  if (verification == "card_and_pin") {
    if (presented.pin.empty())
      return denied(std::move(out), "denied_pin_required", "this gate needs the card and a PIN now");
    if (presented.pin != holder.pin) return denied(std::move(out), "denied_wrong_pin", "the PIN does not match");
  } else if (!presented.pin.empty() && !holder.pin.empty() && presented.pin != holder.pin) {
    return denied(std::move(out), "denied_wrong_pin", "the PIN does not match");
  }
  if (tables.anti_passback.enforced) {
    const bool entering = presented.reader == Reader::Entry;
    const auto place = passback.inside.find(holder.user_ref);
    if (place != passback.inside.end() && place->second == entering)
      return denied(std::move(out), "denied_passback",
                    entering ? "anti-passback: the user has already entered and not left"
                             : "anti-passback: the user has not entered");
    out.passback_applies = true;
    out.inside_after = entering;
  }
  out.granted = true;
  out.code = "granted";
  out.reason = "card of user " + std::to_string(holder.user_ref) + " passes: " + out.mode.reason;
  return out;
}

}  // namespace monban::access
