#include "JobRunner.h"

#include <stdexcept>

#include "monban/access/LocalTime.h"

namespace monban::scheduler {

JobRunner::JobRunner(JobStore& store, Clock now, Clock monotonic, Options options)
    : store_(store), now_(std::move(now)), monotonic_(std::move(monotonic)), options_(std::move(options)) {}

JobRunner::~JobRunner() {
  stop();
}

void JobRunner::add(JobDefinition job) {
  std::lock_guard lock(mutex_);
  if (auto it = jobs_.find(job.id); it != jobs_.end() && it->second.def.owner != job.owner)
    throw std::invalid_argument("job id '" + job.id + "' is taken by plugin '" + it->second.def.owner + "'");
  Entry entry;
  entry.state = store_.load(job.id, now_());
  entry.next_due = job.schedule.nextAfter(entry.state.last_slot_ms);
  entry.def = std::move(job);
  const std::string id = entry.def.id;
  jobs_[id] = std::move(entry);
}

void JobRunner::bind(const std::string& id, const std::string& owner, const std::string& plugin, JobWork work) {
  std::lock_guard lock(mutex_);
  auto it = jobs_.find(id);
  if (it == jobs_.end()) throw std::invalid_argument("no job '" + id + "' to bind");
  if (it->second.def.work && it->second.def.owner != owner)
    throw std::invalid_argument("job '" + id + "' is already done by plugin '" + it->second.def.owner + "'");
  it->second.def.owner = owner;
  it->second.def.plugin = plugin;
  it->second.def.work = std::move(work);
}

void JobRunner::removeOwner(const std::string& owner) {
  std::unique_lock lock(mutex_);
  auto busy = [&] {
    for (const auto& [id, e] : jobs_)
      if (e.def.owner == owner && e.running) return true;
    return false;
  };
  idle_.wait(lock, [&] { return !busy(); });
  for (auto it = jobs_.begin(); it != jobs_.end();) {
    if (it->second.def.owner != owner) {
      ++it;
    } else if (!it->second.def.unbound_message.empty()) {
      it->second.def.work = nullptr;  // a seed job stays, with nobody to do it
      it->second.def.owner = "scheduler";
      it->second.def.plugin = "scheduler";
      ++it;
    } else {
      it = jobs_.erase(it);
    }
  }
}

bool JobRunner::has(const std::string& id) const {
  std::lock_guard lock(mutex_);
  return jobs_.count(id) > 0;
}

void JobRunner::tick() {
  std::unique_lock lock(mutex_);
  last_tick_monotonic_ = monotonic_();
  const int64_t now = now_();
  for (auto& [id, entry] : jobs_) {
    if (entry.running) continue;
    if (entry.state.last_slot_ms > now + options_.clock_back_ms) {
      // The clock was set back far: start the timetable again from now rather than wait for the
      // old slot times to come round.
      if (store_.claimSlot(id, entry.state.last_slot_ms, now)) entry.state.last_slot_ms = now;
      entry.next_due = entry.def.schedule.nextAfter(entry.state.last_slot_ms);
      continue;
    }
    if (now < entry.next_due) continue;
    const JobSchedule::Slots slots = entry.def.schedule.slotsBetween(entry.state.last_slot_ms, now);
    if (!slots.last) {
      entry.next_due = entry.def.schedule.nextAfter(entry.state.last_slot_ms);
      continue;
    }
    const int64_t latest = *slots.last;
    if (!store_.claimSlot(id, entry.state.last_slot_ms, latest)) {
      // Another host took the slot; follow its timetable.
      entry.state = store_.load(id, now);
      entry.next_due = entry.def.schedule.nextAfter(entry.state.last_slot_ms);
      continue;
    }
    entry.state.last_slot_ms = latest;
    entry.next_due = entry.def.schedule.nextAfter(latest);
    const bool missed = slots.count > 1 || now - latest > options_.late_grace_ms;
    if (!missed) {
      startRun(entry, "schedule", latest, lock);
    } else if (entry.def.missed == MissedRun::RunOnce) {
      startRun(entry, "missed", latest, lock);
    } else {
      JobRunRecord skipped;
      skipped.job_id = id;
      skipped.trigger = "missed";
      skipped.due_ms = latest;
      skipped.started_ms = now;
      skipped.outcome = "skipped";
      skipped.host = options_.host_name;
      skipped.message = std::to_string(slots.count) + (slots.count == 1 ? " run" : " runs") + " missed, the last due " +
                        access::formatLocalDateTime(latest) +
                        " (the scheduler was not running or the clock jumped); the policy is to skip";
      const int64_t runId = store_.begin(skipped);
      store_.finish(runId, now, "skipped", skipped.message);
    }
  }
}

void JobRunner::startRun(Entry& entry, const std::string& trigger, int64_t due, std::unique_lock<std::mutex>&) {
  JobRunInfo info;
  info.job_id = entry.def.id;
  info.trigger = trigger;
  info.due_ms = due;
  info.started_ms = now_();
  JobRunRecord record;
  record.job_id = info.job_id;
  record.trigger = trigger;
  record.due_ms = due;
  record.started_ms = info.started_ms;
  record.outcome = "running";
  record.host = options_.host_name;
  info.run_id = store_.begin(record);
  entry.running = true;
  ++running_count_;
  if (changed_) changed_(entry.def.id);
  std::thread(&JobRunner::execute, this, entry.def.id, info, entry.def.work, entry.def.revision, trigger != "manual",
              entry.state.handled_revision, entry.def.unbound_message)
      .detach();
}

void JobRunner::execute(std::string id, JobRunInfo info, JobWork work, std::function<int64_t()> revision,
                        bool checkRevision, int64_t handledRevision, std::string unboundMessage) {
  JobOutcome out;
  int64_t observed = -1;
  try {
    // An unbound job has nothing to compare the revision for.
    if (work && revision) observed = revision();
    if (!work)
      out = {"skipped", unboundMessage};
    else if (checkRevision && revision && observed == handledRevision)
      out = {"skipped", "nothing changed since the last run"};
    else
      out = work(info);
  } catch (const std::exception& e) {
    out = {"failed", e.what()};
  } catch (...) {
    out = {"failed", "the job failed with an unknown error"};
  }
  try {
    store_.finish(info.run_id, now_(), out.outcome, out.message);
    if (out.outcome == "ok" && revision) store_.setHandledRevision(id, observed);
  } catch (const std::exception&) {
    // The run is over whatever the record says; a restart marks it interrupted.
  }
  std::lock_guard lock(mutex_);
  if (auto it = jobs_.find(id); it != jobs_.end()) {
    it->second.running = false;
    if (out.outcome == "ok" && revision) it->second.state.handled_revision = observed;
  }
  --running_count_;
  if (changed_) changed_(id);
  idle_.notify_all();
}

JobRunner::RunNow JobRunner::runNow(const std::string& id) {
  std::unique_lock lock(mutex_);
  auto it = jobs_.find(id);
  if (it == jobs_.end()) return RunNow::NotFound;
  if (it->second.running) return RunNow::Running;
  startRun(it->second, "manual", now_(), lock);
  return RunNow::Started;
}

void JobRunner::waitIdle() {
  std::unique_lock lock(mutex_);
  idle_.wait(lock, [&] { return running_count_ == 0; });
}

std::vector<JobStatus> JobRunner::status() {
  std::vector<JobStatus> out;
  std::vector<std::string> ids;
  {
    std::lock_guard lock(mutex_);
    const int64_t now = now_();
    for (const auto& [id, e] : jobs_) {
      JobStatus s;
      s.id = id;
      s.title = e.def.title;
      s.plugin = e.def.plugin;
      s.schedule = e.def.schedule.text();
      s.missed = e.def.missed;
      s.bound = static_cast<bool>(e.def.work);
      s.running = e.running;
      s.next_run_ms = e.next_due;
      s.overdue = !e.running && now > e.next_due + options_.overdue_ms;
      out.push_back(s);
    }
  }
  for (JobStatus& s : out) s.last_run = store_.lastRun(s.id);
  return out;
}

std::vector<JobRunRecord> JobRunner::runs(const std::string& id, int limit) {
  return store_.runs(id, limit);
}

std::string JobRunner::healthProblem() {
  std::string problem;
  const int64_t sinceTick = monotonic_() - last_tick_monotonic_.load();
  if (loop_running_ && sinceTick > options_.overdue_ms)
    problem = "the scheduler loop has not run for " + std::to_string(sinceTick / 1000) + " s";
  std::lock_guard lock(mutex_);
  const int64_t now = now_();
  for (const auto& [id, e] : jobs_)
    if (!e.running && now > e.next_due + options_.overdue_ms)
      problem += (problem.empty() ? "" : "; ") + std::string("job '") + id + "' is overdue by " +
                 std::to_string((now - e.next_due) / 1000) + " s (due " + access::formatLocalDateTime(e.next_due) + ")";
  return problem;
}

void JobRunner::start(HealthSink health) {
  stopping_ = false;
  last_tick_monotonic_ = monotonic_();
  loop_running_ = true;
  loop_ = std::thread([this] {
    std::unique_lock lock(loop_mutex_);
    while (!stopping_) {
      lock.unlock();
      try {
        tick();
      } catch (const std::exception&) {
        // A failing store is seen by the watchdog as overdue jobs; keep trying.
      }
      lock.lock();
      loop_wake_.wait_for(lock, std::chrono::milliseconds(250), [&] { return stopping_; });
    }
  });
  watchdog_ = std::thread([this, health = std::move(health)] {
    std::string reported;
    std::unique_lock lock(loop_mutex_);
    while (!stopping_) {
      lock.unlock();
      const std::string problem = healthProblem();
      if (problem != reported && health) health(problem);
      reported = problem;
      lock.lock();
      loop_wake_.wait_for(lock, std::chrono::seconds(5), [&] { return stopping_; });
    }
  });
}

void JobRunner::stop() {
  {
    std::lock_guard lock(loop_mutex_);
    stopping_ = true;
  }
  loop_running_ = false;
  loop_wake_.notify_all();
  if (loop_.joinable()) loop_.join();
  if (watchdog_.joinable()) watchdog_.join();
  waitIdle();
}

}  // namespace monban::scheduler
