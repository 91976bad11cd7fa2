// The gate plugin: drives door controllers over the open controller protocol
// (docs/protocols/controller.md), binds the transfer and time-sync seed jobs, and offers the
// gate API through the web plugin (docs/gate.md).
#include <memory>
#include <set>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <monban/sdk/domain.h>
#include <monban/sdk/http.h>
#include <monban/sdk/jobs.h>
#include <monban/sdk/plugin.hpp>

#include "GateDriver.h"
#include "GateRoutes.h"
#include "monban_plugin_manifest.h"

namespace {

using namespace monban::gate;

const monban_config_key kConfigKeys[] = {
    {"listen", MONBAN_CONFIG_STRING, "0.0.0.0", 0, 0, "address the controller port listens on"},
    {"port", MONBAN_CONFIG_INTEGER, "11000", 0, 65535, "UDP port controllers send to (0: any free port)"},
    {"password", MONBAN_CONFIG_STRING, "", 0, 0, "the controllers' mutual-authentication password (12+ characters)"},
    {"workers", MONBAN_CONFIG_INTEGER, "50", 1, 200, "controllers talked to at once"},
    {"status_seconds", MONBAN_CONFIG_INTEGER, "60", 1, 3600, "status collection interval"},
    {"events_seconds", MONBAN_CONFIG_INTEGER, "300", 1, 86400,
     "history collection interval (pushed events come at once)"},
    {"command_seconds", MONBAN_CONFIG_INTEGER, "10", 1, 300, "a command not carried out within this never is"},
    {"offline_after", MONBAN_CONFIG_INTEGER, "2", 1, 100, "failed status polls before a controller is offline"},
    {"timeout_ms", MONBAN_CONFIG_INTEGER, "250", 10, 10000, "first retransmission of an unanswered request"},
    {"card_type", MONBAN_CONFIG_STRING, "felica", 0, 0, "IC cards: felica or mifare"},
    {"card_source", MONBAN_CONFIG_STRING, "idm", 0, 0, "where readers find the card data: idm, uid, service or blocks"},
    {"card_offset", MONBAN_CONFIG_INTEGER, "0", 0, 4096, "offset of the card data in its source"},
    {"card_length", MONBAN_CONFIG_INTEGER, "16", 1, 16, "length of the card data"},
    {"verify", MONBAN_CONFIG_STRING, "at 03:40", 0, 0, "when controllers are compared with the database and repaired"},
};

std::string summary(const std::vector<ControllerOutcome>& outcomes, bool& allOk) {
  int ok = 0;
  std::string failures;
  for (const auto& o : outcomes) {
    if (o.ok) {
      ++ok;
    } else if (failures.size() < 400) {
      failures += "; gate " + std::to_string(o.gate_id) + ": " + o.message;
    }
  }
  allOk = ok == static_cast<int>(outcomes.size());
  return std::to_string(ok) + " of " + std::to_string(outcomes.size()) + " controllers done" + failures;
}

class GatePlugin final : public monban::sdk::Plugin {
public:
  explicit GatePlugin(monban::sdk::Host host) : Plugin(host) {}

  void initialise() override {
    const auto& h = host();
    const std::string password = h.config("password");
    if (password.size() < 12)
      throw monban::sdk::Error("gate.ini: password: the mutual-authentication password needs at least 12 characters",
                               MONBAN_ERR_INVALID_ARGUMENT);
    CardParameters card;
    card.card_type = h.config("card_type");
    card.source = h.config("card_source");
    card.offset = static_cast<uint16_t>(h.configInteger("card_offset"));
    card.length = static_cast<uint16_t>(h.configInteger("card_length"));
    if (card.card_type != "felica" && card.card_type != "mifare")
      throw monban::sdk::Error("gate.ini: card_type must be felica or mifare", MONBAN_ERR_INVALID_ARGUMENT);
    ControllerLink::Options link;
    link.listen = h.config("listen");
    link.port = static_cast<uint16_t>(h.configInteger("port"));
    link.timeout_ms = static_cast<int>(h.configInteger("timeout_ms"));
    DriverOptions options;
    options.workers = static_cast<int>(h.configInteger("workers"));
    options.poll_ms = h.configInteger("status_seconds") * 1000;
    options.fetch_ms = h.configInteger("events_seconds") * 1000;
    options.command_ttl_ms = h.configInteger("command_seconds") * 1000;
    options.offline_after = static_cast<int>(h.configInteger("offline_after"));
    domain_ = &h.require<monban_domain_service>(MONBAN_DOMAIN_SERVICE, 1, 1);  // append_events
    http_ = &h.require<monban_http_service>(MONBAN_HTTP_SERVICE, 1, 0);
    jobs_ = &h.require<monban_jobs_service>(MONBAN_JOBS_SERVICE, 1, 0);
    try {
      driver_ = std::make_unique<GateDriver>(h, domain_, link, deriveInstallationSecret(password), card, options);
    } catch (const boost::system::system_error& e) {
      throw monban::sdk::Error(
          "gate.ini: cannot listen on UDP " + link.listen + ":" + std::to_string(link.port) + ": " + e.what(),
          MONBAN_ERR_INVALID_ARGUMENT);
    }
    driver_->migrate();
  }

  void start() override {
    driver_->start();
    routes_.driver = driver_.get();
    routes_.http = http_;
    routes_.domain = domain_;
    routes_.plugin = host().context();
    addGateRoutes(routes_);
    GateDriver* driver = driver_.get();
    users_ = host().subscribe("monban.users.changed", [driver](const monban_event& event) {
      std::set<int64_t> ids;
      bool complete = false;
      try {
        Poco::JSON::Parser parser;
        const auto o = parser.parse(std::string(static_cast<const char*>(event.payload), event.payload_size))
                           .extract<Poco::JSON::Object::Ptr>();
        complete = o->optValue<std::string>("complete", "no") == "yes";
        if (const auto list = o->getArray("ids"))
          for (std::size_t i = 0; i < list->size(); ++i)
            ids.insert(list->getElement<int64_t>(static_cast<unsigned>(i)));
      } catch (const std::exception&) {
        complete = false;  // unknown shape: compare every controller
      }
      driver->usersChanged(ids, complete);
    });
    gates_ = host().subscribe("monban.gates.changed", [driver](const monban_event&) { driver->gatesChanged(); });
    groups_ = host().subscribe("monban.gate_groups.changed", [driver](const monban_event&) { driver->gatesChanged(); });
    bindJobs();
    host().info("gate driver on UDP port " + std::to_string(driver_->port()));
  }

  void stop() noexcept override {
    if (jobs_ != nullptr) jobs_->remove_jobs(host().context());
    if (http_ != nullptr) http_->remove_routes(host().context());
    users_ = {};
    gates_ = {};
    groups_ = {};
    if (driver_) driver_->stop();
  }

private:
  static monban_status runTransferCalendars(void* user, const monban_job_run*, monban_job_outcome* outcome) {
    auto* self = static_cast<GatePlugin*>(user);
    return self->finish(outcome, self->driver_->transfer({}, {TableId::Calendar, TableId::Schedule}, true));
  }
  static monban_status runTransferPermissions(void* user, const monban_job_run*, monban_job_outcome* outcome) {
    auto* self = static_cast<GatePlugin*>(user);
    return self->finish(
        outcome,
        self->driver_->transfer({}, {TableId::Permissions, TableId::GateParameters, TableId::CardParameters}, true));
  }
  static monban_status runTimeSync(void* user, const monban_job_run*, monban_job_outcome* outcome) {
    auto* self = static_cast<GatePlugin*>(user);
    return self->finish(outcome, self->driver_->timeSync());
  }
  static monban_status runVerify(void* user, const monban_job_run*, monban_job_outcome* outcome) {
    auto* self = static_cast<GatePlugin*>(user);
    return self->finish(outcome, self->driver_->verify({}, true));
  }

  monban_status finish(monban_job_outcome* outcome, const std::vector<ControllerOutcome>& outcomes) {
    bool allOk = true;
    const std::string message = summary(outcomes, allOk);
    jobs_->set_message(outcome, message.c_str());
    return allOk ? MONBAN_OK : MONBAN_ERR_INTERNAL;
  }

  void bindJobs() {
    const std::string verifySchedule = host().config("verify");
    const struct {
      const char* id;
      const char* title;
      const char* schedule;
      monban_job_function function;
    } jobs[] = {
        {"transfer.calendars", nullptr, nullptr, &runTransferCalendars},
        {"transfer.permissions", nullptr, nullptr, &runTransferPermissions},
        {"controllers.time_sync", nullptr, nullptr, &runTimeSync},
        {"gate.verify", "Compare controllers with the database and repair drift", verifySchedule.c_str(), &runVerify},
    };
    for (const auto& j : jobs) {
      monban_job job{};
      job.struct_size = sizeof job;
      job.id = j.id;
      job.title = j.title;
      job.schedule = j.schedule;
      job.missed_run = j.schedule != nullptr ? MONBAN_JOB_MISSED_SKIP : 0;
      job.function = j.function;
      job.user_data = this;
      const monban_status status = jobs_->add_job(host().context(), &job);
      if (status != MONBAN_OK)
        throw monban::sdk::Error(std::string("cannot add job ") + j.id + " (gate.ini verify schedule?)", status);
    }
  }

  const monban_domain_service* domain_ = nullptr;
  const monban_http_service* http_ = nullptr;
  const monban_jobs_service* jobs_ = nullptr;
  std::unique_ptr<GateDriver> driver_;
  GateRoutesContext routes_;
  monban::sdk::Subscription users_, gates_, groups_;
};

}  // namespace

MONBAN_PLUGIN(GatePlugin, kConfigKeys, sizeof(kConfigKeys) / sizeof(kConfigKeys[0]))
