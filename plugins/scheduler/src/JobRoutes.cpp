#include "JobRoutes.h"

#include <charconv>
#include <string>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <monban/sdk/domain.hpp>

#include "JobRunner.h"
#include "RouteReplies.h"

namespace monban::scheduler {

namespace {

using monban::plugin::jsonText;
using monban::plugin::respondError;
using monban::plugin::respondJson;

std::string pathId(const monban_http_request* request) {
  Poco::JSON::Parser parser;
  return parser.parse(request->path_params).extract<Poco::JSON::Object::Ptr>()->getValue<std::string>("id");
}

int queryLimit(const std::string& query, int fallback) {
  const std::string key = "limit=";
  const std::size_t at = query.find(key);
  if (at == std::string::npos || (at != 0 && query[at - 1] != '&')) return fallback;
  int value = fallback;
  const char* begin = query.data() + at + key.size();
  std::from_chars(begin, query.data() + query.size(), value);
  return value < 1 ? 1 : (value > 500 ? 500 : value);
}

Poco::Dynamic::Var optional(const std::optional<int64_t>& value) {
  return value ? Poco::Dynamic::Var(*value) : Poco::Dynamic::Var();
}

Poco::JSON::Object runJson(const JobRunRecord& r) {
  Poco::JSON::Object o;
  o.set("id", r.id);
  o.set("job_id", r.job_id);
  o.set("trigger", r.trigger);
  o.set("due_ms", r.due_ms);
  o.set("started_ms", r.started_ms);
  o.set("ended_ms", optional(r.ended_ms));
  o.set("outcome", r.outcome);
  o.set("message", r.message);
  o.set("host", r.host);
  return o;
}

monban_status listJobs(void* user, const monban_http_request*, monban_http_response* response) {
  auto& c = *static_cast<JobRoutesContext*>(user);
  try {
    Poco::JSON::Array items;
    for (const JobStatus& s : c.runner->status()) {
      Poco::JSON::Object o;
      o.set("id", s.id);
      o.set("title", s.title);
      o.set("plugin", s.plugin);
      o.set("schedule", s.schedule);
      o.set("missed_run", std::string(s.missed == MissedRun::Skip ? "skip" : "run_once"));
      o.set("bound", s.bound);
      o.set("next_run_ms", s.next_run_ms);
      o.set("running", s.running);
      o.set("overdue", s.overdue);
      if (s.last_run)
        o.set("last_run", runJson(*s.last_run));
      else
        o.set("last_run", Poco::Dynamic::Var());
      items.add(o);
    }
    Poco::JSON::Object root;
    root.set("items", items);
    const std::string problem = c.runner->healthProblem();
    root.set("healthy", problem.empty());
    root.set("problem", problem);
    respondJson(*c.http, response, 200, jsonText(root));
  } catch (const std::exception& e) {
    respondError(*c.http, response, 500, "internal", e.what());
  }
  return MONBAN_OK;
}

monban_status runJob(void* user, const monban_http_request* request, monban_http_response* response) {
  auto& c = *static_cast<JobRoutesContext*>(user);
  try {
    const std::string id = pathId(request);
    const JobRunner::RunNow result = c.runner->runNow(id);
    std::string outcome = "ok";
    if (result == JobRunner::RunNow::NotFound) {
      respondError(*c.http, response, 404, "not_found", "no job '" + id + "'");
      return MONBAN_OK;
    }
    if (result == JobRunner::RunNow::Running) outcome = "refused";
    Poco::JSON::Object audit;
    audit.set("category", std::string("jobs"));
    audit.set("action", std::string("run now"));
    audit.set("outcome", outcome);
    audit.set("detail", id + (outcome == "ok" ? "" : ": already running"));
    try {
      monban::sdk::callDomain(*c.domain, c.plugin, "audit.record", request->operator_id, jsonText(audit));
    } catch (const std::exception&) {
      // The run itself is recorded in the run history either way.
    }
    if (result == JobRunner::RunNow::Running) {
      respondError(*c.http, response, 409, "running", "job '" + id + "' is running; wait for it to end");
      return MONBAN_OK;
    }
    Poco::JSON::Object root;
    root.set("started", true);
    respondJson(*c.http, response, 202, jsonText(root));
  } catch (const std::exception& e) {
    respondError(*c.http, response, 500, "internal", e.what());
  }
  return MONBAN_OK;
}

monban_status jobRuns(void* user, const monban_http_request* request, monban_http_response* response) {
  auto& c = *static_cast<JobRoutesContext*>(user);
  try {
    const std::string id = pathId(request);
    Poco::JSON::Array items;
    for (const JobRunRecord& r : c.runner->runs(id, queryLimit(request->query, 50))) items.add(runJson(r));
    Poco::JSON::Object root;
    root.set("items", items);
    respondJson(*c.http, response, 200, jsonText(root));
  } catch (const std::exception& e) {
    respondError(*c.http, response, 500, "internal", e.what());
  }
  return MONBAN_OK;
}

void add(JobRoutesContext& c, const char* method, const char* path, const char* summary, const char* level,
         monban_http_handler handler) {
  monban::plugin::addRoute(*c.http, c.plugin, method, path, summary, "calendars_schedules", level, handler, &c);
}

}  // namespace

void addJobRoutes(JobRoutesContext& c) {
  add(c, "GET", "/api/v1/jobs", "Timed jobs with their next and last runs", "view", &listJobs);
  add(c, "POST", "/api/v1/jobs/{id}/run", "Run a job now", "edit", &runJob);
  add(c, "GET", "/api/v1/jobs/{id}/runs", "A job's run history, newest first", "view", &jobRuns);
}

}  // namespace monban::scheduler
