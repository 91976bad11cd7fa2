// The scheduler plugin: the timed-job service (monban.jobs), the seed jobs of SPEC section 4,
// the job API routes and the watchdog that reports overdue jobs as the plugin's health.
#include <unistd.h>

#include <memory>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <monban/sdk/domain.h>
#include <monban/sdk/http.h>
#include <monban/sdk/jobs.h>
#include <monban/sdk/plugin.hpp>

#include <monban/sdk/domain.hpp>
#include "JobRoutes.h"
#include "JobRunner.h"
#include "JobService.h"
#include "SeedJobs.h"
#include "SqlJobStore.h"
#include "monban_plugin_manifest.h"

namespace {

using namespace monban::scheduler;

const monban_config_key kConfigKeys[] = {
    {"calendar_transfer", MONBAN_CONFIG_STRING, kCalendarTransferDefault, 0, 0,
     "calendar and schedule transfer to controllers, when calendars or schedules changed"},
    {"permission_transfer", MONBAN_CONFIG_STRING, kPermissionTransferDefault, 0, 0,
     "permission transfer to controllers, when access users changed"},
    {"time_sync", MONBAN_CONFIG_STRING, kTimeSyncDefault, 0, 0, "time sync of controllers"},
    {"history_purge", MONBAN_CONFIG_STRING, kHistoryPurgeDefault, 0, 0, "history purge beyond the retention periods"},
    {"host_name", MONBAN_CONFIG_STRING, "", 0, 0, "name of this server in the run history; empty: the host name"},
};

std::string machineName() {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0) return "local";
  return name;
}

class SchedulerPlugin final : public monban::sdk::Plugin {
public:
  explicit SchedulerPlugin(monban::sdk::Host host) : Plugin(host), store_(host) {}

  void initialise() override {
    const auto& h = host();
    // Refuse bad schedules now, naming the key, rather than at the first tick.
    for (const char* key : {"calendar_transfer", "permission_transfer", "time_sync", "history_purge"}) {
      try {
        JobSchedule::parse(h.config(key));
      } catch (const std::invalid_argument& e) {
        throw monban::sdk::Error(std::string("scheduler.ini: ") + key + ": " + e.what(), MONBAN_ERR_INVALID_ARGUMENT);
      }
    }
    options_.host_name = h.config("host_name");
    if (options_.host_name.empty()) options_.host_name = machineName();
    domain_ = &h.require<monban_domain_service>(MONBAN_DOMAIN_SERVICE, 1, 0);
    http_ = &h.require<monban_http_service>(MONBAN_HTTP_SERVICE, 1, 0);
    store_.migrate();
    job_service_ = makeJobService();
    h.provide(MONBAN_JOBS_SERVICE, 1, 0, &job_service_);
    // The service is live from here: plugins that require it add their jobs in their start,
    // which comes after this plugin's.
    const monban::sdk::Host hostCopy = h;
    runner_ = std::make_unique<JobRunner>(
        store_, [hostCopy] { return hostCopy.nowMs(); }, [hostCopy] { return hostCopy.monotonicMs(); }, options_);
    bindJobService(runner_.get());
    const int closed = store_.closeInterrupted(options_.host_name, h.nowMs());
    if (closed > 0) h.warning(std::to_string(closed) + " job runs were interrupted by the last stop; marked failed");
    const monban_domain_service* domain = domain_;
    monban_plugin_context* context = h.context();
    addSeedJobs(
        *runner_, [hostCopy](const char* key) { return hostCopy.config(key); },
        [domain, context](const std::string& name) {
          Poco::JSON::Parser parser;
          const std::string reply = monban::sdk::callDomain(*domain, context, "host.revisions", 0, "{}");
          return parser.parse(reply).extract<Poco::JSON::Object::Ptr>()->getValue<int64_t>(name);
        },
        [domain, context](const JobRunInfo&) {
          Poco::JSON::Parser parser;
          const auto reply = parser.parse(monban::sdk::callDomain(*domain, context, "history.purge", 0, "{}"))
                                 .extract<Poco::JSON::Object::Ptr>();
          return JobOutcome{"ok", "purged " + std::to_string(reply->getValue<int64_t>("history_events")) +
                                      " history events and " + std::to_string(reply->getValue<int64_t>("system_log")) +
                                      " system log entries"};
        });
  }

  void start() override {
    routes_.runner = runner_.get();
    routes_.http = http_;
    routes_.domain = domain_;
    routes_.plugin = host().context();
    addJobRoutes(routes_);
    const monban::sdk::Host h = host();
    const monban_domain_service* domain = domain_;
    runner_->onChange([h](const std::string& jobId) {
      const std::string payload = "{\"id\":\"" + jobId + "\"}";  // job ids are plain ASCII
      try {
        h.publish("monban.jobs.changed", 1, payload.data(), payload.size());
      } catch (const std::exception&) {
        // Live updates are a convenience; the job list is right on the next read.
      }
    });
    runner_->start([h, domain](const std::string& problem) {
      h.api()->report_health(h.context(), problem.empty() ? 1 : 0, problem.c_str());
      if (problem.empty()) return;
      // The alarm: the host log through report_health, and one system-log record.
      Poco::JSON::Object audit;
      audit.set("category", std::string("jobs"));
      audit.set("action", std::string("alarm"));
      audit.set("outcome", std::string("failed"));
      audit.set("detail", problem);
      std::ostringstream text;
      audit.stringify(text);
      try {
        monban::sdk::callDomain(*domain, h.context(), "audit.record", 0, text.str());
      } catch (const std::exception&) {
        // The health report stands even when the database is the problem.
      }
    });
    h.info("timed jobs running (" + std::to_string(runner_->status().size()) + " jobs)");
  }

  void stop() noexcept override {
    if (http_ != nullptr) http_->remove_routes(host().context());
    if (runner_) runner_->stop();
  }

  ~SchedulerPlugin() override {
    bindJobService(nullptr);
    runner_.reset();
  }

private:
  SqlJobStore store_;
  JobRunner::Options options_;
  const monban_domain_service* domain_ = nullptr;
  const monban_http_service* http_ = nullptr;
  monban_jobs_service job_service_{};
  std::unique_ptr<JobRunner> runner_;
  JobRoutesContext routes_;
};

}  // namespace

MONBAN_PLUGIN(SchedulerPlugin, kConfigKeys, sizeof(kConfigKeys) / sizeof(kConfigKeys[0]))
