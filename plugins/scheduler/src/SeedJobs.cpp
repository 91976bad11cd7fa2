#include "SeedJobs.h"

namespace monban::scheduler {

namespace {

struct Seed {
  const char* id;
  const char* title;
  const char* config_key;
  MissedRun missed;
  const char* revision;  ///< run only when this revision changed; nullptr: always
};

const Seed kSeeds[] = {
    {"transfer.calendars", "Calendar and schedule transfer to controllers", "calendar_transfer", MissedRun::RunOnce,
     "calendars"},
    {"transfer.permissions", "Permission transfer to controllers", "permission_transfer", MissedRun::RunOnce, "users"},
    {"controllers.time_sync", "Time sync of controllers", "time_sync", MissedRun::Skip, nullptr},
    {"history.purge", "History purge beyond the retention periods", "history_purge", MissedRun::RunOnce, nullptr},
};

}  // namespace

void addSeedJobs(JobRunner& runner, const ConfigReader& config, const RevisionReader& revisions, JobWork historyPurge) {
  for (const Seed& seed : kSeeds) {
    JobDefinition job;
    job.id = seed.id;
    job.title = seed.title;
    job.owner = "scheduler";
    job.plugin = "scheduler";
    job.schedule = JobSchedule::parse(config(seed.config_key));
    job.missed = seed.missed;
    if (seed.revision != nullptr) {
      const std::string name = seed.revision;
      job.revision = [revisions, name] { return revisions(name); };
    }
    if (job.id == "history.purge") {
      job.work = historyPurge;
    } else {
      job.unbound_message = "no controller driver is loaded to do this (the gate plugin binds '" + job.id + "')";
    }
    runner.add(std::move(job));
  }
}

}  // namespace monban::scheduler
