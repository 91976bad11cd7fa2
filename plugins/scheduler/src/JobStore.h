#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace monban::scheduler {

/// One run of a job as the run history keeps it.
struct JobRunRecord {
  int64_t id = 0;
  std::string job_id;
  std::string trigger;  ///< schedule, missed, manual
  int64_t due_ms = 0;
  int64_t started_ms = 0;
  std::optional<int64_t> ended_ms;
  std::string outcome;  ///< running, ok, skipped, failed
  std::string message;
  std::string host;
};

/// What the scheduler keeps of a job between runs and restarts.
struct JobState {
  int64_t last_slot_ms = 0;       ///< the latest scheduled time that was run or skipped
  int64_t handled_revision = -1;  ///< the data revision the last successful run handled
};

/// Where job state and run history live: the database in the plugin, memory in unit tests.
/// Every call is one transaction.
class JobStore {
public:
  virtual ~JobStore() = default;
  /// The job's state; a job never seen before gets `initialSlotMs` and is stored.
  virtual JobState load(const std::string& jobId, int64_t initialSlotMs) = 0;
  /// Moves the job's last slot from `expected` to `slot`; false when another host (or an earlier
  /// call) moved it first, so a slot is run once however many hosts share the database.
  virtual bool claimSlot(const std::string& jobId, int64_t expected, int64_t slot) = 0;
  virtual void setHandledRevision(const std::string& jobId, int64_t revision) = 0;
  /// Adds a run and returns its id.
  virtual int64_t begin(const JobRunRecord& run) = 0;
  virtual void finish(int64_t runId, int64_t endedMs, const std::string& outcome, const std::string& message) = 0;
  /// Runs of `host` still marked running (the process ended during them) become failed.
  virtual int closeInterrupted(const std::string& host, int64_t nowMs) = 0;
  /// Newest first.
  virtual std::vector<JobRunRecord> runs(const std::string& jobId, int limit) = 0;
  virtual std::optional<JobRunRecord> lastRun(const std::string& jobId) = 0;
};

/// The store of unit tests.
class MemoryJobStore final : public JobStore {
public:
  JobState load(const std::string& jobId, int64_t initialSlotMs) override;
  bool claimSlot(const std::string& jobId, int64_t expected, int64_t slot) override;
  void setHandledRevision(const std::string& jobId, int64_t revision) override;
  int64_t begin(const JobRunRecord& run) override;
  void finish(int64_t runId, int64_t endedMs, const std::string& outcome, const std::string& message) override;
  int closeInterrupted(const std::string& host, int64_t nowMs) override;
  std::vector<JobRunRecord> runs(const std::string& jobId, int limit) override;
  std::optional<JobRunRecord> lastRun(const std::string& jobId) override;

private:
  std::vector<std::pair<std::string, JobState>> states_;
  std::vector<JobRunRecord> runs_;
  JobState* find(const std::string& jobId);
};

}  // namespace monban::scheduler
