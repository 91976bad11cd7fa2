#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "JobSchedule.h"
#include "JobStore.h"

namespace monban::scheduler {

/// What a job's work reports.
struct JobOutcome {
  std::string outcome = "ok";  ///< ok, skipped, failed
  std::string message;
};

/// One run as the work function sees it.
struct JobRunInfo {
  std::string job_id;
  std::string trigger;  ///< schedule, missed, manual
  int64_t due_ms = 0;
  int64_t started_ms = 0;
  int64_t run_id = 0;
};

using JobWork = std::function<JobOutcome(const JobRunInfo&)>;

enum class MissedRun { RunOnce, Skip };

/// A job the runner knows.
struct JobDefinition {
  std::string id;
  std::string title;
  std::string owner;   ///< who added or bound it (identity)
  std::string plugin;  ///< the plugin's id, for people
  JobSchedule schedule;
  MissedRun missed = MissedRun::RunOnce;
  /// Runs only when this reads a revision other than the one the last successful run handled
  /// ("when changed"); manual runs always run. Empty: always.
  std::function<int64_t()> revision;
  /// The work; empty for a seed job no plugin has bound yet (its runs are recorded as skipped).
  JobWork work;
  std::string unbound_message;  ///< why an unbound seed job has nothing to do
};

/// A job's state for the API.
struct JobStatus {
  std::string id, title, plugin, schedule;
  MissedRun missed = MissedRun::RunOnce;
  bool bound = true;
  bool running = false;
  bool overdue = false;
  int64_t next_run_ms = 0;
  std::optional<JobRunRecord> last_run;
};

/// Runs timed jobs: each at its slots in server local time, never two runs of one job at once,
/// every run recorded, missed slots handled by the job's policy, slots claimed in the store so
/// that hosts sharing a database run each slot once. Time comes from `now` (the host clock);
/// `tick()` does one round and is what the loop thread calls every 250 ms, so tests drive the
/// runner with a hand-moved clock and no waiting.
class JobRunner {
public:
  struct Options {
    std::string host_name = "local";
    int64_t late_grace_ms = 60'000;     ///< a slot started later than this counts as missed
    int64_t overdue_ms = 60'000;        ///< a slot not started this long after it fell due is overdue
    int64_t clock_back_ms = 3'600'000;  ///< a clock set back further than this restarts the timetable
  };
  using Clock = std::function<int64_t()>;
  /// Reports health (empty = healthy) whenever it changes; `alarm` once per new overdue job.
  using HealthSink = std::function<void(const std::string& problem)>;

  JobRunner(JobStore& store, Clock now, Clock monotonic, Options options);
  ~JobRunner();
  JobRunner(const JobRunner&) = delete;
  JobRunner& operator=(const JobRunner&) = delete;

  /// Adds a job; throws std::invalid_argument when the id is taken by another owner.
  void add(JobDefinition job);
  /// Binds work to a known (seed) job.
  void bind(const std::string& id, const std::string& owner, const std::string& plugin, JobWork work);
  /// Removes the owner's jobs (seed jobs it bound become unbound) after their runs end.
  void removeOwner(const std::string& owner);
  bool has(const std::string& id) const;

  /// One round: starts the runs that are due. Runs go on worker threads.
  void tick();
  enum class RunNow { Started, Running, NotFound };
  RunNow runNow(const std::string& id);
  /// Waits until no run is in progress (tests, stop).
  void waitIdle();

  std::vector<JobStatus> status();
  std::vector<JobRunRecord> runs(const std::string& id, int limit);
  /// Overdue jobs and a stalled loop, as one sentence; empty when all is well.
  std::string healthProblem();

  /// Called with a job's id when one of its runs starts or ends (must not block).
  void onChange(std::function<void(const std::string& jobId)> listener) { changed_ = std::move(listener); }

  /// The loop thread (tick every 250 ms) and the watchdog (every 5 s).
  void start(HealthSink health);
  void stop();

private:
  struct Entry {
    JobDefinition def;
    JobState state;
    int64_t next_due = 0;
    bool running = false;
  };
  void startRun(Entry& entry, const std::string& trigger, int64_t due, std::unique_lock<std::mutex>& lock);
  void execute(std::string id, JobRunInfo info, JobWork work, std::function<int64_t()> revision, bool checkRevision,
               int64_t handledRevision, std::string unboundMessage);

  JobStore& store_;
  Clock now_;
  Clock monotonic_;
  Options options_;
  mutable std::mutex mutex_;
  std::condition_variable idle_;
  std::map<std::string, Entry> jobs_;
  int running_count_ = 0;
  std::atomic<int64_t> last_tick_monotonic_{0};
  std::atomic<bool> loop_running_{false};
  std::function<void(const std::string&)> changed_;

  std::mutex loop_mutex_;
  std::condition_variable loop_wake_;
  bool stopping_ = false;
  std::thread loop_;
  std::thread watchdog_;
};

}  // namespace monban::scheduler
