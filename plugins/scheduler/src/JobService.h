#pragma once

#include <monban/sdk/jobs.h>

namespace monban::scheduler {

class JobRunner;

/// The C table of the "monban.jobs" service (monban/sdk/jobs.h).
monban_jobs_service makeJobService();
/// Points the table at the running runner; nullptr while the scheduler is stopped (calls then
/// fail with MONBAN_ERR_WRONG_STATE).
void bindJobService(JobRunner* runner);

}  // namespace monban::scheduler
