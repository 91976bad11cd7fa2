#include "JobService.h"

#include <cstdio>
#include <mutex>
#include <stdexcept>
#include <string>

#include "JobRunner.h"

struct monban_job_outcome {
  monban::scheduler::JobOutcome outcome;
};

namespace monban::scheduler {

namespace {

std::mutex g_mutex;
JobRunner* g_runner = nullptr;

std::string ownerOf(monban_plugin_context* caller) {
  char text[32];
  std::snprintf(text, sizeof text, "%p", static_cast<void*>(caller));
  return text;
}

JobWork workOf(const monban_job& job) {
  const monban_job_function function = job.function;
  void* user = job.user_data;
  return [function, user](const JobRunInfo& info) {
    monban_job_run run{};
    run.struct_size = sizeof run;
    run.job_id = info.job_id.c_str();
    run.trigger = info.trigger == "manual"   ? MONBAN_JOB_TRIGGER_MANUAL
                  : info.trigger == "missed" ? MONBAN_JOB_TRIGGER_MISSED
                                             : MONBAN_JOB_TRIGGER_SCHEDULE;
    run.due_ms = info.due_ms;
    run.started_ms = info.started_ms;
    run.run_id = info.run_id;
    monban_job_outcome outcome;
    const monban_status status = function(user, &run, &outcome);
    if (status != MONBAN_OK) {
      outcome.outcome.outcome = "failed";
      if (outcome.outcome.message.empty())
        outcome.outcome.message = "the job returned status " + std::to_string(status);
    }
    return outcome.outcome;
  };
}

monban_status addJob(monban_plugin_context* caller, const monban_job* job) {
  if (caller == nullptr || job == nullptr || job->struct_size < sizeof(monban_job) || job->id == nullptr ||
      job->function == nullptr)
    return MONBAN_ERR_INVALID_ARGUMENT;
  std::lock_guard lock(g_mutex);
  if (g_runner == nullptr) return MONBAN_ERR_WRONG_STATE;
  const std::string id = job->id;
  const std::string plugin = id.substr(0, id.find('.'));
  try {
    if (job->schedule == nullptr || *job->schedule == '\0') {
      g_runner->bind(id, ownerOf(caller), plugin, workOf(*job));  // a seed job
      return MONBAN_OK;
    }
    JobDefinition def;
    def.id = id;
    def.title = job->title != nullptr ? job->title : id;
    def.owner = ownerOf(caller);
    def.plugin = plugin;
    def.schedule = JobSchedule::parse(job->schedule);
    def.missed = job->missed_run == MONBAN_JOB_MISSED_SKIP ? MissedRun::Skip : MissedRun::RunOnce;
    def.work = workOf(*job);
    g_runner->add(std::move(def));
    return MONBAN_OK;
  } catch (const std::invalid_argument&) {
    return MONBAN_ERR_INVALID_ARGUMENT;
  } catch (const std::exception&) {
    return MONBAN_ERR_INTERNAL;
  }
}

monban_status removeJobs(monban_plugin_context* caller) {
  std::lock_guard lock(g_mutex);
  if (g_runner == nullptr) return MONBAN_OK;  // stopped: nothing runs
  g_runner->removeOwner(ownerOf(caller));
  return MONBAN_OK;
}

monban_status runNow(monban_plugin_context*, const char* jobId) {
  if (jobId == nullptr) return MONBAN_ERR_INVALID_ARGUMENT;
  std::lock_guard lock(g_mutex);
  if (g_runner == nullptr) return MONBAN_ERR_WRONG_STATE;
  switch (g_runner->runNow(jobId)) {
    case JobRunner::RunNow::Started:
      return MONBAN_OK;
    case JobRunner::RunNow::Running:
      return MONBAN_ERR_WRONG_STATE;
    case JobRunner::RunNow::NotFound:
      return MONBAN_ERR_NOT_FOUND;
  }
  return MONBAN_ERR_INTERNAL;
}

void setMessage(monban_job_outcome* outcome, const char* message) {
  if (outcome != nullptr) outcome->outcome.message = message != nullptr ? message : "";
}

void skipped(monban_job_outcome* outcome) {
  if (outcome != nullptr) outcome->outcome.outcome = "skipped";
}

}  // namespace

monban_jobs_service makeJobService() {
  monban_jobs_service s{};
  s.struct_size = sizeof s;
  s.add_job = &addJob;
  s.remove_jobs = &removeJobs;
  s.run_now = &runNow;
  s.set_message = &setMessage;
  s.skipped = &skipped;
  return s;
}

void bindJobService(JobRunner* runner) {
  std::lock_guard lock(g_mutex);
  g_runner = runner;
}

}  // namespace monban::scheduler
