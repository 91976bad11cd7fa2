#pragma once

#include <monban/sdk/domain.h>
#include <monban/sdk/http.h>

namespace monban::scheduler {

class JobRunner;

/// What the job routes need.
struct JobRoutesContext {
  JobRunner* runner = nullptr;
  const monban_http_service* http = nullptr;
  const monban_domain_service* domain = nullptr;
  monban_plugin_context* plugin = nullptr;
};

/// GET /api/v1/jobs, POST /api/v1/jobs/{id}/run and GET /api/v1/jobs/{id}/runs, through the web
/// plugin's route service (the calendars-and-schedules right: view to read, edit to run).
void addJobRoutes(JobRoutesContext& context);

}  // namespace monban::scheduler
