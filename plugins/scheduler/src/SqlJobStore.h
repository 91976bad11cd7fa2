#pragma once

#include <monban/sdk/host.hpp>

#include "JobStore.h"

namespace monban::scheduler {

/// Job state and run history in the host's database (tables scheduler_jobs, scheduler_runs),
/// through the SDK's database calls.
class SqlJobStore final : public JobStore {
public:
  explicit SqlJobStore(const monban::sdk::Host& host) : host_(host) {}
  /// Creates or upgrades the tables; call while initialising.
  void migrate();

  JobState load(const std::string& jobId, int64_t initialSlotMs) override;
  bool claimSlot(const std::string& jobId, int64_t expected, int64_t slot) override;
  void setHandledRevision(const std::string& jobId, int64_t revision) override;
  int64_t begin(const JobRunRecord& run) override;
  void finish(int64_t runId, int64_t endedMs, const std::string& outcome, const std::string& message) override;
  int closeInterrupted(const std::string& host, int64_t nowMs) override;
  std::vector<JobRunRecord> runs(const std::string& jobId, int limit) override;
  std::optional<JobRunRecord> lastRun(const std::string& jobId) override;

private:
  monban::sdk::Host host_;
};

}  // namespace monban::scheduler
