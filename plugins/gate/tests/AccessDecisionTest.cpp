// The one access decision (SPEC section 10), as controllers and the server's "explain" use it.
#include <gtest/gtest.h>

#include "monban/access/AccessDecision.h"

using namespace monban::access;

namespace {

GateTables tables() {
  GateTables t;
  t.calendar.weekly = {1, 1, 1, 1, 1, 2, 2};
  t.has_schedule = true;
  // Weekdays: 08:00-18:00 card for levels up to 3; 18:00-24:00 level 1 only. Holidays: no entry.
  t.schedule = {{1, 480, 1080, DoorMode::Card, 3, "card"},
                {1, 1080, 1440, DoorMode::Card, 1, "card_and_pin"},
                {2, 0, 1440, DoorMode::NoEntry, 8, "card"}};
  t.cards["A"] = CardHolder{"A", 1, 20260101, 20261231, 2, "1234"};
  t.cards["B"] = CardHolder{"B", 2, 0, 0, 1, ""};
  return t;
}

Presentation at(const std::string& card, CivilDate date, int minute, Reader reader = Reader::Entry,
                const std::string& pin = "") {
  Presentation p;
  p.card = card;
  p.pin = pin;
  p.reader = reader;
  p.when = LocalInstant{date, minute, 0};
  return p;
}

const CivilDate kMonday{2026, 11, 23};
const CivilDate kSaturday{2026, 11, 21};

}  // namespace

TEST(AccessDecision, EachReasonInItsOrder) {
  const GateTables t = tables();
  const PassbackState none;
  EXPECT_EQ(decideAccess(t, none, at("A", kMonday, 600)).code, "granted");
  EXPECT_EQ(decideAccess(t, none, at("Z", kMonday, 600)).code, "denied_no_permission");
  EXPECT_EQ(decideAccess(t, none, at("A", kSaturday, 600)).code, "denied_no_entry");
  EXPECT_EQ(decideAccess(t, none, at("A", CivilDate{2027, 1, 4}, 600)).code, "denied_expired");
  GateTables early = t;
  early.cards["A"].valid_from = 20261201;
  EXPECT_EQ(decideAccess(early, none, at("A", kMonday, 600)).code, "denied_not_yet_valid");
  // Band edges: 18:00 belongs to the evening band (level 1 only, card and PIN).
  EXPECT_EQ(decideAccess(t, none, at("A", kMonday, 1079)).code, "granted");
  EXPECT_EQ(decideAccess(t, none, at("A", kMonday, 1080)).code, "denied_time_band");
  EXPECT_EQ(decideAccess(t, none, at("B", kMonday, 1080)).code, "denied_pin_required");
  EXPECT_EQ(decideAccess(t, none, at("B", kMonday, 1080, Reader::Entry, "9999")).code, "denied_wrong_pin");
  GateTables open = t;
  open.gate.unlock_mode = "always_unlocked";
  EXPECT_EQ(decideAccess(open, none, at("Z", kSaturday, 0)).code, "granted_unlocked");
}

TEST(AccessDecision, AntiPassbackAlternatesEntryAndExit) {
  GateTables t = tables();
  t.anti_passback = {true, 0};
  PassbackState state;
  const auto in = decideAccess(t, state, at("A", kMonday, 600, Reader::Entry));
  ASSERT_TRUE(in.granted);
  ASSERT_TRUE(in.passback_applies);
  state.inside[in.user_ref] = in.inside_after;
  EXPECT_EQ(decideAccess(t, state, at("A", kMonday, 601, Reader::Entry)).code, "denied_passback");
  const auto out = decideAccess(t, state, at("A", kMonday, 602, Reader::Exit));
  ASSERT_TRUE(out.granted);
  state.inside[out.user_ref] = out.inside_after;
  EXPECT_EQ(decideAccess(t, state, at("A", kMonday, 603, Reader::Exit)).code, "denied_passback");
}
