#include "JobStore.h"

namespace monban::scheduler {

JobState* MemoryJobStore::find(const std::string& jobId) {
  for (auto& [id, state] : states_)
    if (id == jobId) return &state;
  return nullptr;
}

JobState MemoryJobStore::load(const std::string& jobId, int64_t initialSlotMs) {
  if (JobState* s = find(jobId)) return *s;
  states_.push_back({jobId, JobState{initialSlotMs, -1}});
  return states_.back().second;
}

bool MemoryJobStore::claimSlot(const std::string& jobId, int64_t expected, int64_t slot) {
  JobState* s = find(jobId);
  if (s == nullptr || s->last_slot_ms != expected) return false;
  s->last_slot_ms = slot;
  return true;
}

void MemoryJobStore::setHandledRevision(const std::string& jobId, int64_t revision) {
  if (JobState* s = find(jobId)) s->handled_revision = revision;
}

int64_t MemoryJobStore::begin(const JobRunRecord& run) {
  runs_.push_back(run);
  runs_.back().id = static_cast<int64_t>(runs_.size());
  return runs_.back().id;
}

void MemoryJobStore::finish(int64_t runId, int64_t endedMs, const std::string& outcome, const std::string& message) {
  JobRunRecord& r = runs_.at(static_cast<std::size_t>(runId - 1));
  r.ended_ms = endedMs;
  r.outcome = outcome;
  r.message = message;
}

int MemoryJobStore::closeInterrupted(const std::string& host, int64_t nowMs) {
  int closed = 0;
  for (JobRunRecord& r : runs_)
    if (r.host == host && r.outcome == "running") {
      r.outcome = "failed";
      r.ended_ms = nowMs;
      r.message = "interrupted: the server stopped during the run";
      ++closed;
    }
  return closed;
}

std::vector<JobRunRecord> MemoryJobStore::runs(const std::string& jobId, int limit) {
  std::vector<JobRunRecord> out;
  for (auto it = runs_.rbegin(); it != runs_.rend() && static_cast<int>(out.size()) < limit; ++it)
    if (it->job_id == jobId) out.push_back(*it);
  return out;
}

std::optional<JobRunRecord> MemoryJobStore::lastRun(const std::string& jobId) {
  std::vector<JobRunRecord> last = runs(jobId, 1);
  if (last.empty()) return std::nullopt;
  return last.front();
}

}  // namespace monban::scheduler
