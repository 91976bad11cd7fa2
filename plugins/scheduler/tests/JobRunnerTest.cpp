#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>

#include "JobRunner.h"
#include "TimeZone.h"
#include "monban/access/LocalTime.h"

namespace monban::scheduler {
namespace {

using access::formatLocalDateTime;
using access::parseLocalDateTime;
using testing::kTokyo;
using testing::ScopedTimeZone;

int64_t at(const char* local) {
  return *parseLocalDateTime(local);
}

/// A hand-moved clock and a runner over a memory store: every test controls time and waits for
/// nothing but the runs it started.
class JobRunnerTest : public ::testing::Test {
protected:
  ScopedTimeZone zone_{kTokyo};
  std::atomic<int64_t> now_{at("2026-11-21T00:00")};
  std::atomic<int64_t> monotonic_{0};
  MemoryJobStore store_;

  std::unique_ptr<JobRunner> makeRunner() {
    return std::make_unique<JobRunner>(
        store_, [this] { return now_.load(); }, [this] { return monotonic_.load(); }, JobRunner::Options{});
  }
  void advanceTo(const char* local) {
    const int64_t target = at(local);
    monotonic_ += target - now_;
    now_ = target;
  }

  JobDefinition job(const std::string& id, const std::string& schedule, MissedRun missed, JobWork work) {
    JobDefinition d;
    d.id = id;
    d.title = id;
    d.owner = "test";
    d.plugin = "test";
    d.schedule = JobSchedule::parse(schedule);
    d.missed = missed;
    d.work = std::move(work);
    return d;
  }
};

TEST_F(JobRunnerTest, RunsAtEachSlotAndRecordsEveryRun) {
  auto runner = makeRunner();
  std::vector<std::string> dues;
  runner->add(job("sync", "at 02:20,10:20,18:20", MissedRun::Skip, [&](const JobRunInfo& info) {
    dues.push_back(formatLocalDateTime(info.due_ms) + " " + info.trigger);
    return JobOutcome{"ok", "synced"};
  }));
  for (const char* t : {"2026-11-21T02:19", "2026-11-21T02:20", "2026-11-21T02:21", "2026-11-21T10:20:30",
                        "2026-11-21T18:19", "2026-11-21T18:20:05"}) {
    advanceTo(t);
    runner->tick();
    runner->waitIdle();
  }
  EXPECT_EQ(dues, (std::vector<std::string>{"2026-11-21T02:20:00 schedule", "2026-11-21T10:20:00 schedule",
                                            "2026-11-21T18:20:00 schedule"}));
  const auto runs = store_.runs("sync", 10);
  ASSERT_EQ(runs.size(), 3u);
  EXPECT_EQ(runs[0].outcome, "ok");
  EXPECT_EQ(runs[0].message, "synced");
  EXPECT_EQ(*runs[0].ended_ms, at("2026-11-21T18:20:05"));
}

TEST_F(JobRunnerTest, NeverRunsTwoRunsOfOneJobAtOnce) {
  auto runner = makeRunner();
  std::mutex m;
  std::condition_variable cv;
  bool release = false;
  std::atomic<int> concurrent{0}, maxConcurrent{0}, started{0};
  runner->add(job("slow", "every 1 minute", MissedRun::Skip, [&](const JobRunInfo&) {
    const int c = ++concurrent;
    maxConcurrent = std::max(maxConcurrent.load(), c);
    ++started;
    std::unique_lock lock(m);
    cv.wait(lock, [&] { return release; });
    --concurrent;
    return JobOutcome{};
  }));
  advanceTo("2026-11-21T00:01");
  runner->tick();
  while (started == 0) std::this_thread::yield();
  EXPECT_EQ(runner->runNow("slow"), JobRunner::RunNow::Running);
  advanceTo("2026-11-21T00:02");
  runner->tick();  // due, but the first run still goes on
  {
    std::lock_guard lock(m);
    release = true;
  }
  cv.notify_all();
  runner->waitIdle();
  EXPECT_EQ(maxConcurrent, 1);
  EXPECT_EQ(started, 1);
}

TEST_F(JobRunnerTest, MissedRunsRunOnceOrAreSkippedAfterARestart) {
  std::vector<std::string> ran;
  auto work = [&](const char* name) {
    return [&ran, name](const JobRunInfo& info) {
      ran.push_back(std::string(name) + " " + info.trigger + " " + formatLocalDateTime(info.due_ms));
      return JobOutcome{};
    };
  };
  {
    auto runner = makeRunner();
    runner->add(job("transfer", "at 03:00", MissedRun::RunOnce, work("transfer")));
    runner->add(job("sync", "at 02:20,10:20,18:20", MissedRun::Skip, work("sync")));
    advanceTo("2026-11-21T01:00");
    runner->tick();
    runner->waitIdle();
  }                               // the server stops before 02:20 …
  advanceTo("2026-11-23T12:00");  // … and starts again two and a half days later
  auto runner = makeRunner();
  runner->add(job("transfer", "at 03:00", MissedRun::RunOnce, work("transfer")));
  runner->add(job("sync", "at 02:20,10:20,18:20", MissedRun::Skip, work("sync")));
  runner->tick();
  runner->waitIdle();
  EXPECT_EQ(ran, (std::vector<std::string>{"transfer missed 2026-11-23T03:00:00"}));
  const auto skipped = store_.runs("sync", 10);
  ASSERT_EQ(skipped.size(), 1u);
  EXPECT_EQ(skipped[0].outcome, "skipped");
  EXPECT_NE(skipped[0].message.find("8 runs missed"), std::string::npos) << skipped[0].message;
  // The timetable goes on from there.
  advanceTo("2026-11-23T18:20");
  runner->tick();
  runner->waitIdle();
  EXPECT_EQ(ran.back(), "sync schedule 2026-11-23T18:20:00");
}

TEST_F(JobRunnerTest, RunHistorySurvivesARestartAndInterruptedRunsAreClosed) {
  {
    auto runner = makeRunner();
    runner->add(job("purge", "at 04:30", MissedRun::RunOnce, [](const JobRunInfo&) {
      return JobOutcome{"ok", "done"};
    }));
    advanceTo("2026-11-21T04:30");
    runner->tick();
    runner->waitIdle();
  }
  // A run left "running" by a process that died.
  JobRunRecord dying;
  dying.job_id = "purge";
  dying.trigger = "manual";
  dying.outcome = "running";
  dying.host = "local";
  store_.begin(dying);
  EXPECT_EQ(store_.closeInterrupted("local", now_), 1);
  auto runner = makeRunner();
  runner->add(job("purge", "at 04:30", MissedRun::RunOnce, [](const JobRunInfo&) { return JobOutcome{}; }));
  const auto status = runner->status();
  ASSERT_EQ(status.size(), 1u);
  ASSERT_TRUE(status[0].last_run);
  EXPECT_EQ(status[0].last_run->outcome, "failed");
  EXPECT_EQ(status[0].last_run->message, "interrupted: the server stopped during the run");
  EXPECT_EQ(formatLocalDateTime(status[0].next_run_ms), "2026-11-22T04:30:00");
  EXPECT_EQ(store_.runs("purge", 10).size(), 2u);
}

TEST_F(JobRunnerTest, ClockJumpsNeitherRepeatNorStallTheTimetable) {
  auto runner = makeRunner();
  int runs = 0;
  runner->add(job("sync", "at 02:20", MissedRun::Skip, [&](const JobRunInfo&) {
    ++runs;
    return JobOutcome{};
  }));
  advanceTo("2026-11-21T02:20");
  runner->tick();
  runner->waitIdle();
  EXPECT_EQ(runs, 1);
  // Set back ten minutes (NTP step): 02:20 is not run again.
  now_ = at("2026-11-21T02:10");
  runner->tick();
  now_ = at("2026-11-21T02:20");
  runner->tick();
  runner->waitIdle();
  EXPECT_EQ(runs, 1);
  // Set back two days by hand: the timetable starts again from the new time.
  now_ = at("2026-11-19T02:00");
  runner->tick();
  now_ = at("2026-11-19T02:20");
  runner->tick();
  runner->waitIdle();
  EXPECT_EQ(runs, 2);
}

TEST_F(JobRunnerTest, WhenChangedJobsSkipUnchangedDataButManualRunsAlwaysRun) {
  auto runner = makeRunner();
  std::atomic<int64_t> revision{5};
  int transfers = 0;
  JobDefinition d = job("transfer", "at 03:00", MissedRun::RunOnce, [&](const JobRunInfo&) {
    ++transfers;
    return JobOutcome{};
  });
  d.revision = [&] { return revision.load(); };
  runner->add(std::move(d));
  advanceTo("2026-11-21T03:00");
  runner->tick();
  runner->waitIdle();
  EXPECT_EQ(transfers, 1);
  advanceTo("2026-11-22T03:00");  // nothing changed
  runner->tick();
  runner->waitIdle();
  EXPECT_EQ(transfers, 1);
  EXPECT_EQ(store_.runs("transfer", 1)[0].outcome, "skipped");
  EXPECT_EQ(runner->runNow("transfer"), JobRunner::RunNow::Started);
  runner->waitIdle();
  EXPECT_EQ(transfers, 2);
  revision = 6;
  advanceTo("2026-11-23T03:00");
  runner->tick();
  runner->waitIdle();
  EXPECT_EQ(transfers, 3);
}

TEST_F(JobRunnerTest, AnOverdueJobOrAStalledLoopIsReported) {
  auto runner = makeRunner();
  runner->add(job("sync", "at 02:20", MissedRun::Skip, [](const JobRunInfo&) { return JobOutcome{}; }));
  advanceTo("2026-11-21T02:20:30");
  EXPECT_EQ(runner->healthProblem(), "");  // due, within the minute
  advanceTo("2026-11-21T02:21:30");        // nobody ticked: the slot is a minute and a half late
  const std::string problem = runner->healthProblem();
  EXPECT_NE(problem.find("job 'sync' is overdue by 90 s"), std::string::npos) << problem;
  runner->tick();
  runner->waitIdle();
  EXPECT_EQ(runner->healthProblem(), "");
}

TEST_F(JobRunnerTest, AFailingJobIsRecordedAsFailedWithItsReason) {
  auto runner = makeRunner();
  runner->add(job("broken", "every 5 minutes", MissedRun::Skip,
                  [](const JobRunInfo&) -> JobOutcome { throw std::runtime_error("controller 12 did not answer"); }));
  advanceTo("2026-11-21T00:05");
  runner->tick();
  runner->waitIdle();
  const auto runs = store_.runs("broken", 1);
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].outcome, "failed");
  EXPECT_EQ(runs[0].message, "controller 12 did not answer");
}

TEST_F(JobRunnerTest, AnUnboundSeedJobRecordsWhyItDidNothing) {
  auto runner = makeRunner();
  JobDefinition d = job("transfer.permissions", "at 03:00", MissedRun::RunOnce, nullptr);
  d.unbound_message = "no controller driver is loaded";
  runner->add(std::move(d));
  advanceTo("2026-11-21T03:00");
  runner->tick();
  runner->waitIdle();
  EXPECT_EQ(store_.runs("transfer.permissions", 1)[0].outcome, "skipped");
  int bound = 0;
  runner->bind("transfer.permissions", "gate", "gate", [&](const JobRunInfo&) {
    ++bound;
    return JobOutcome{};
  });
  EXPECT_EQ(runner->runNow("transfer.permissions"), JobRunner::RunNow::Started);
  runner->waitIdle();
  EXPECT_EQ(bound, 1);
  runner->removeOwner("gate");
  EXPECT_TRUE(runner->has("transfer.permissions"));
  EXPECT_THROW(runner->add(job("transfer.permissions", "at 01:00", MissedRun::Skip, nullptr)), std::invalid_argument);
}

}  // namespace
}  // namespace monban::scheduler
