#pragma once

#include <functional>
#include <string>

#include "JobRunner.h"

namespace monban::scheduler {

/// Reads a host revision counter ("users", "calendars") through the domain service.
using RevisionReader = std::function<int64_t(const std::string& name)>;
/// Reads a config key of the scheduler.
using ConfigReader = std::function<std::string(const char* key)>;

/// Default timetables of the seed jobs (scheduler.ini keys calendar_transfer, permission_transfer,
/// time_sync, history_purge).
inline constexpr char kCalendarTransferDefault[] = "at 00:12,22:10";
inline constexpr char kPermissionTransferDefault[] = "at 03:00";
inline constexpr char kTimeSyncDefault[] = "at 02:20,10:20,18:20";
inline constexpr char kHistoryPurgeDefault[] = "at 04:30";

/// The jobs of SPEC section 4 that the scheduler knows from the start (docs/scheduler.md):
/// calendar/schedule transfer (00:12 and 22:10, when calendars or schedules changed), permission
/// transfer (03:00, when access users changed), time sync of controllers (02:20, 10:20, 18:20)
/// and the daily history purge. The controller driver binds the first three through the job
/// service; until one does, their runs are recorded as skipped with the reason.
void addSeedJobs(JobRunner& runner, const ConfigReader& config, const RevisionReader& revisions, JobWork historyPurge);

}  // namespace monban::scheduler
