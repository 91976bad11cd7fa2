// The pure calendar and schedule rules (monban_access), which the controller simulator also
// enforces: which date kind a date has, and which door mode a gate has at an instant.
#include <gtest/gtest.h>

#include "TimeZone.h"
#include "monban/access/Calendar.h"
#include "monban/access/LocalTime.h"
#include "monban/access/Schedule.h"

namespace monban::access {
namespace {

using scheduler::testing::kCentralEurope;
using scheduler::testing::ScopedTimeZone;

constexpr int64_t kWeekday = 1, kHoliday = 2, kSpecial = 3;

CalendarRules officeCalendar() {
  CalendarRules c;
  c.weekly = {kWeekday, kWeekday, kWeekday, kWeekday, kWeekday, kHoliday, kHoliday};
  c.annual[101] = kHoliday;  // 1 January
  c.annual[229] = kSpecial;  // 29 February, in leap years only
  c.days[20261231] = kSpecial;
  c.days[20270101] = kWeekday;  // an explicit day beats the annual day
  return c;
}

TEST(CalendarRules, ExplicitDayThenAnnualDayThenWeekday) {
  const CalendarRules c = officeCalendar();
  EXPECT_EQ(c.kindOn({2026, 11, 20}).date_kind_id, kWeekday);  // Friday
  EXPECT_EQ(c.kindOn({2026, 11, 21}).date_kind_id, kHoliday);  // Saturday
  EXPECT_EQ(c.kindOn({2026, 11, 21}).source, DaySource::Weekly);
  EXPECT_EQ(c.kindOn({2026, 12, 31}).date_kind_id, kSpecial);
  EXPECT_EQ(c.kindOn({2026, 12, 31}).source, DaySource::Day);
  EXPECT_EQ(c.kindOn({2027, 1, 1}).date_kind_id, kWeekday);
  EXPECT_EQ(c.kindOn({2027, 1, 1}).source, DaySource::Day);
  EXPECT_EQ(c.kindOn({2028, 1, 1}).date_kind_id, kHoliday);
  EXPECT_EQ(c.kindOn({2028, 1, 1}).source, DaySource::Annual);
}

TEST(CalendarRules, LeapDayAndYearEnd) {
  const CalendarRules c = officeCalendar();
  EXPECT_EQ(c.kindOn({2028, 2, 29}).date_kind_id, kSpecial);
  EXPECT_EQ(addDays({2027, 2, 28}, 1), (CivilDate{2027, 3, 1}));
  EXPECT_EQ(addDays({2028, 2, 28}, 1), (CivilDate{2028, 2, 29}));
  EXPECT_EQ(addDays({2026, 12, 31}, 1), (CivilDate{2027, 1, 1}));
  EXPECT_FALSE(parseDate("2027-02-29"));
  EXPECT_TRUE(parseDate("2028-02-29"));
  EXPECT_EQ(weekdayOf({2028, 2, 29}), 1);  // Tuesday
}

std::vector<TimeBand> officeHours() {
  return {
      {kWeekday, 8 * 60, 9 * 60, DoorMode::Unlocked, 8, "card"},
      {kWeekday, 9 * 60, 18 * 60, DoorMode::Card, 8, "card"},
      {kWeekday, 18 * 60, 1440, DoorMode::Card, 2, "card_and_pin"},
      {kHoliday, 0, 1440, DoorMode::NoEntry, 1, "card"},
  };
}

LocalInstant when(CivilDate date, int hour, int minute) {
  return {date, hour * 60 + minute, 0};
}

TEST(ScheduleRules, BandEdgesAreStartInclusiveEndExclusive) {
  const CalendarRules c = officeCalendar();
  const std::vector<TimeBand> bands = officeHours();
  const GateSettings gate;
  const CivilDate friday{2026, 11, 20};
  EXPECT_EQ(effectiveMode(c, &bands, gate, when(friday, 7, 59)).band, std::nullopt);
  EXPECT_EQ(effectiveMode(c, &bands, gate, when(friday, 7, 59)).door_mode, DoorMode::Card);
  EXPECT_EQ(effectiveMode(c, &bands, gate, when(friday, 8, 0)).door_mode, DoorMode::Unlocked);
  EXPECT_EQ(effectiveMode(c, &bands, gate, when(friday, 8, 59)).door_mode, DoorMode::Unlocked);
  EXPECT_EQ(effectiveMode(c, &bands, gate, when(friday, 9, 0)).door_mode, DoorMode::Card);
  const EffectiveMode evening = effectiveMode(c, &bands, gate, when(friday, 23, 59));
  EXPECT_EQ(evening.passable_level, 2);
  EXPECT_EQ(evening.verification_mode, "card_and_pin");
  EXPECT_EQ(effectiveMode(c, &bands, gate, when({2026, 11, 21}, 10, 0)).door_mode, DoorMode::NoEntry);
  // New Year's Day 2028 is a Saturday and an annual holiday; 2027's was made a weekday.
  EXPECT_EQ(effectiveMode(c, &bands, gate, when({2027, 1, 1}, 8, 30)).door_mode, DoorMode::Unlocked);
}

TEST(ScheduleRules, GateUnlockModeOverridesTheSchedule) {
  const CalendarRules c = officeCalendar();
  const std::vector<TimeBand> bands = officeHours();
  GateSettings gate;
  gate.unlock_mode = "always_unlocked";
  EXPECT_EQ(effectiveMode(c, &bands, gate, when({2026, 11, 21}, 10, 0)).door_mode, DoorMode::Unlocked);
  gate.unlock_mode = "always_locked";
  gate.verification_mode = "card_or_pin";
  const EffectiveMode locked = effectiveMode(c, &bands, gate, when({2026, 11, 20}, 8, 30));
  EXPECT_EQ(locked.door_mode, DoorMode::Card);
  EXPECT_EQ(locked.verification_mode, "card_or_pin");
  EXPECT_EQ(effectiveMode(c, nullptr, GateSettings{}, when({2026, 11, 20}, 8, 30)).door_mode, DoorMode::Card);
}

TEST(ScheduleRules, OverlapsAndBadRangesAreNamed) {
  std::vector<TimeBand> bands = officeHours();
  EXPECT_TRUE(bandProblems(bands).empty());
  bands.push_back({kWeekday, 17 * 60, 19 * 60, DoorMode::Card, 3, "card"});
  bands.push_back({kHoliday, 600, 600, DoorMode::Card, 9, "card"});
  const std::vector<std::string> problems = bandProblems(bands);
  ASSERT_EQ(problems.size(), 5u);  // an empty band, level 9, and three overlaps
  EXPECT_NE(problems[0].find("10:00-10:00"), std::string::npos) << problems[0];
}

TEST(ScheduleRules, LocalTimeFollowsDaylightSaving) {
  ScopedTimeZone zone(kCentralEurope);
  // 01:30 UTC on 29 March 2026 is 03:30 CEST, just after the change.
  const LocalInstant spring = toLocal(1774747800000);
  EXPECT_EQ(formatDate(spring.date), "2026-03-29");
  EXPECT_EQ(spring.minute_of_day, 3 * 60 + 30);
  EXPECT_EQ(fromLocal({2026, 3, 29}, 3 * 60 + 30), 1774747800000);
  EXPECT_EQ(*parseLocalDateTime("2026-07-01T12:00"), 1782900000000);  // CEST, UTC+2
  EXPECT_EQ(*parseLocalDateTime("2026-12-01T12:00"), 1796122800000);  // CET, UTC+1
}

}  // namespace
}  // namespace monban::access
