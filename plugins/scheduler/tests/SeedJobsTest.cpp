#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <mutex>

#include "SeedJobs.h"
#include "TimeZone.h"
#include "monban/access/LocalTime.h"

namespace monban::scheduler {
namespace {

using access::formatLocalDateTime;
using access::parseLocalDateTime;

int64_t at(const char* local) {
  return *parseLocalDateTime(local);
}

/// The seed jobs as the scheduler registers them (default timetables, data revisions read
/// through a function) with the three transfer jobs bound as the controller driver binds them.
/// The clock moves one minute at a time over three days while calendars and users change.
TEST(SeedJobs, EachSeedJobRunsAtItsTimesAndTransfersOnlyAfterAChange) {
  testing::ScopedTimeZone zone{testing::kTokyo};
  std::atomic<int64_t> now{at("2026-11-21T00:00")};
  std::atomic<int64_t> monotonic{0};
  MemoryJobStore store;
  JobRunner runner(
      store, [&] { return now.load(); }, [&] { return monotonic.load(); }, JobRunner::Options{});
  std::map<std::string, int64_t> revisions{{"calendars", 1}, {"users", 1}};
  std::mutex mutex;
  std::vector<std::string> ran;
  auto record = [&](const std::string& id) {
    return [&, id](const JobRunInfo& info) {
      std::lock_guard lock(mutex);
      ran.push_back(formatLocalDateTime(info.due_ms).substr(5, 11) + " " + id);
      return JobOutcome{};
    };
  };
  const std::map<std::string, std::string> defaults{{"calendar_transfer", kCalendarTransferDefault},
                                                    {"permission_transfer", kPermissionTransferDefault},
                                                    {"time_sync", kTimeSyncDefault},
                                                    {"history_purge", kHistoryPurgeDefault}};
  addSeedJobs(
      runner, [&](const char* key) { return defaults.at(key); },
      [&](const std::string& name) {
        std::lock_guard lock(mutex);
        return revisions.at(name);
      },
      record("history.purge"));
  for (const char* id : {"transfer.calendars", "transfer.permissions", "controllers.time_sync"})
    runner.bind(id, "gate", "gate", record(id));

  const std::map<std::string, std::pair<std::string, int64_t>> changes{
      {"2026-11-21T00:30:00", {"calendars", 2}},  // after the 00:12 transfer: sent at 22:10
      {"2026-11-22T09:00:00", {"users", 2}},      // sent at 03:00 the next day
  };
  while (now < at("2026-11-23T06:00")) {
    now += 60'000;
    monotonic += 60'000;
    const auto change = changes.find(formatLocalDateTime(now));
    if (change != changes.end()) {
      std::lock_guard lock(mutex);
      revisions[change->second.first] = change->second.second;
    }
    runner.tick();
    runner.waitIdle();
  }

  EXPECT_EQ(ran, (std::vector<std::string>{
                     "11-21T00:12 transfer.calendars",     // first run: nothing was sent before
                     "11-21T02:20 controllers.time_sync",  //
                     "11-21T03:00 transfer.permissions",   // first run
                     "11-21T04:30 history.purge",          //
                     "11-21T10:20 controllers.time_sync",  //
                     "11-21T18:20 controllers.time_sync",  //
                     "11-21T22:10 transfer.calendars",     // the calendar changed at 00:30
                     "11-22T02:20 controllers.time_sync",  // 00:12 and 03:00 skipped: no change
                     "11-22T04:30 history.purge",          //
                     "11-22T10:20 controllers.time_sync",  //
                     "11-22T18:20 controllers.time_sync",  // 22:10 skipped: no change
                     "11-23T02:20 controllers.time_sync",  //
                     "11-23T03:00 transfer.permissions",   // users changed at 09:00 the day before
                     "11-23T04:30 history.purge",
                 }));
  const auto calendarRuns = store.runs("transfer.calendars", 10);
  ASSERT_EQ(calendarRuns.size(), 5u);  // 2 runs and 3 skipped slots, each in the run history
  EXPECT_EQ(calendarRuns[0].outcome, "skipped");
  EXPECT_EQ(calendarRuns[1].outcome, "skipped");
}

}  // namespace
}  // namespace monban::scheduler
