#include <gtest/gtest.h>

#include "JobSchedule.h"
#include "TimeZone.h"
#include "monban/access/LocalTime.h"

namespace monban::scheduler {
namespace {

using access::formatLocalDateTime;
using access::parseLocalDateTime;
using testing::kCentralEurope;
using testing::kTokyo;
using testing::ScopedTimeZone;

int64_t at(const char* local) {
  return *parseLocalDateTime(local);
}

TEST(JobSchedule, FixedTimesOfDayInOrderAcrossMidnight) {
  ScopedTimeZone zone(kTokyo);
  const JobSchedule s = JobSchedule::parse("at 18:20, 02:20,10:20");
  EXPECT_EQ(formatLocalDateTime(s.nextAfter(at("2026-11-21T01:00"))), "2026-11-21T02:20:00");
  EXPECT_EQ(formatLocalDateTime(s.nextAfter(at("2026-11-21T02:20"))), "2026-11-21T10:20:00");
  EXPECT_EQ(formatLocalDateTime(s.nextAfter(at("2026-11-21T18:20"))), "2026-11-22T02:20:00");
  EXPECT_EQ(formatLocalDateTime(s.nextAfter(at("2026-12-31T23:59"))), "2027-01-01T02:20:00");
}

TEST(JobSchedule, SpringForwardRunsOneGapLaterAndFallBackRunsOnce) {
  ScopedTimeZone zone(kCentralEurope);
  const JobSchedule s = JobSchedule::parse("at 02:30");
  // 2026-03-29: clocks go from 02:00 to 03:00, so 02:30 does not exist that day.
  EXPECT_EQ(formatLocalDateTime(s.nextAfter(at("2026-03-29T01:00"))), "2026-03-29T03:30:00");
  EXPECT_EQ(formatLocalDateTime(s.nextAfter(at("2026-03-29T04:00"))), "2026-03-30T02:30:00");
  // 2026-10-25: 02:00-03:00 happens twice; the job runs at the first 02:30 only.
  const int64_t first = s.nextAfter(at("2026-10-25T01:00"));
  EXPECT_EQ(formatLocalDateTime(first), "2026-10-25T02:30:00");
  const int64_t next = s.nextAfter(first);
  EXPECT_EQ(formatLocalDateTime(next), "2026-10-26T02:30:00");
  EXPECT_EQ(next - first, 25LL * 3600 * 1000);  // that day has 25 hours
}

TEST(JobSchedule, EveryNMinutesAlignsToTheInterval) {
  ScopedTimeZone zone(kTokyo);
  const JobSchedule s = JobSchedule::parse("every 5 minutes");
  EXPECT_EQ(formatLocalDateTime(s.nextAfter(at("2026-11-21T10:02"))), "2026-11-21T10:05:00");
  EXPECT_EQ(formatLocalDateTime(s.nextAfter(at("2026-11-21T10:05"))), "2026-11-21T10:10:00");
  const JobSchedule hourly = JobSchedule::parse("every 1 hour");
  EXPECT_EQ(formatLocalDateTime(hourly.nextAfter(at("2026-11-21T10:02"))), "2026-11-21T11:00:00");
}

TEST(JobSchedule, RecurrenceRuleIsTheCronLikeForm) {
  ScopedTimeZone zone(kTokyo);
  const JobSchedule s = JobSchedule::parse("rrule FREQ=WEEKLY;BYDAY=MO;BYHOUR=3;BYMINUTE=15");
  // 2026-11-21 is a Saturday.
  EXPECT_EQ(formatLocalDateTime(s.nextAfter(at("2026-11-21T12:00"))), "2026-11-23T03:15:00");
  EXPECT_EQ(formatLocalDateTime(s.nextAfter(at("2026-11-23T03:15"))), "2026-11-30T03:15:00");
  const JobSchedule monthly = JobSchedule::parse("rrule FREQ=MONTHLY;BYMONTHDAY=-1;BYHOUR=23;BYMINUTE=0");
  EXPECT_EQ(formatLocalDateTime(monthly.nextAfter(at("2028-02-10T00:00"))), "2028-02-29T23:00:00");
}

TEST(JobSchedule, BadExpressionsAreRefusedWithTheReason) {
  EXPECT_THROW(JobSchedule::parse("at 25:00"), std::invalid_argument);
  EXPECT_THROW(JobSchedule::parse("at"), std::invalid_argument);
  EXPECT_THROW(JobSchedule::parse("every 0 minutes"), std::invalid_argument);
  EXPECT_THROW(JobSchedule::parse("every 5 fortnights"), std::invalid_argument);
  EXPECT_THROW(JobSchedule::parse("rrule FREQ=SOMETIMES"), std::invalid_argument);
  EXPECT_THROW(JobSchedule::parse("*/5 * * * *"), std::invalid_argument);
  try {
    JobSchedule::parse("at 02:20,1O:20");
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("1O:20"), std::string::npos) << e.what();
  }
}

TEST(JobSchedule, SlotsBetweenCountsMissedRuns) {
  ScopedTimeZone zone(kTokyo);
  const JobSchedule s = JobSchedule::parse("at 02:20,10:20,18:20");
  const JobSchedule::Slots slots = s.slotsBetween(at("2026-11-20T12:00"), at("2026-11-21T11:00"));
  EXPECT_EQ(slots.count, 3);
  EXPECT_EQ(formatLocalDateTime(*slots.last), "2026-11-21T10:20:00");
  EXPECT_FALSE(s.slotsBetween(at("2026-11-21T10:20"), at("2026-11-21T18:19")).last);
}

}  // namespace
}  // namespace monban::scheduler
