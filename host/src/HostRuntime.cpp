#include "monban/host/HostRuntime.h"

#include <sstream>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/Logger.h>
#include <monban/sdk/domain.h>
#include <soci/soci.h>

#include "monban/host/Database.h"
#include "monban/host/DependencyResolver.h"
#include "monban/host/EventBus.h"
#include "monban/host/Migrator.h"
#include "monban/host/PluginContext.h"
#include "monban/host/ServiceRegistry.h"
#include "monban/host/api/DomainApi.h"
#include "monban/host/api/DomainServiceTable.h"
#include "monban/host/domain/Domain.h"

namespace monban::host {

HostRuntime::HostRuntime(const HostSettings& settings, const Clock& clock, bool withDatabase)
    : settings_(settings), clock_(clock) {
  if (withDatabase) {
    std::filesystem::create_directories(settings_.data_dir);
    database_ = std::make_unique<Database>(DatabaseOptions{settings_.db_backend, settings_.db_connection,
                                                           settings_.db_pool_size, settings_.db_busy_timeout_ms,
                                                           settings_.db_acquire_timeout_ms});
    migrator_ = std::make_unique<Migrator>(*database_, clock_);
    migrator_->apply("host", hostMigrations());
  }
  events_ = std::make_unique<EventBus>(clock_, static_cast<std::size_t>(settings_.event_queue_limit));
  if (database_) {
    domain::Domain::migrate(*migrator_, database_->dialect());
    domain_ = std::make_unique<domain::Domain>(*database_, clock_, events_.get());
    domain_api_ = std::make_unique<api::DomainApi>(*domain_, [this] { return health(); });
  }
  registry_ = std::make_unique<ServiceRegistry>();
  // Offered even without a database (config check, offline plugins list) so that dependencies
  // resolve the same way; a call then answers MONBAN_ERR_WRONG_STATE.
  registry_->add(kHostProvider, {MONBAN_DOMAIN_SERVICE, 1, 1}, &api::domainServiceTable());
  services_ = std::make_unique<HostServices>(HostServices{clock_, *events_, *registry_, database_.get(),
                                                          migrator_.get(), domain_api_.get(), settings_.data_dir});
  plugins_ = std::make_unique<PluginManager>(*services_, settings_.plugin_dir, settings_.plugin_config_dir,
                                             Poco::Logger::get("host.plugins"));
}

HostRuntime::~HostRuntime() {
  stop();
}

void HostRuntime::start() {
  plugins_->prepare();
  plugins_->startAll();
}

void HostRuntime::inspect() {
  plugins_->prepare();
}

void HostRuntime::stop() {
  if (plugins_) plugins_->stopAll();
  if (events_) events_->drain();
}

namespace {

Poco::JSON::Array pluginsArray(const std::vector<PluginInfo>& plugins) {
  Poco::JSON::Array array;
  for (const PluginInfo& p : plugins) {
    Poco::JSON::Object o;
    o.set("id", p.id);
    o.set("version", p.version);
    o.set("state", std::string(toString(p.state)));
    o.set("reason", p.reason);
    o.set("description", p.description);
    o.set("library", p.library);
    o.set("startup_ms", p.startup_ms);
    o.set("healthy", p.health_problem.empty());
    if (!p.health_problem.empty()) o.set("problem", p.health_problem);
    array.add(o);
  }
  return array;
}

}  // namespace

std::string pluginsToJson(const std::vector<PluginInfo>& plugins) {
  std::ostringstream out;
  pluginsArray(plugins).stringify(out);
  return out.str();
}

std::string HostRuntime::pluginsJson() const {
  return pluginsToJson(plugins_->list());
}

std::string HostRuntime::healthJson() {
  std::ostringstream out;
  health().stringify(out);
  return out.str();
}

Poco::JSON::Object HostRuntime::health() {
  Poco::JSON::Object root;
  bool healthy = true;
  root.set("host", std::string("running"));
  root.set("version", std::string(MONBAN_VERSION));
  root.set("system_name", settings_.system_name);
  Poco::JSON::Object db;
  if (database_) {
    db.set("dialect", std::string(dialectName(database_->dialect())));
    try {
      Database::Lease lease = database_->acquire();
      int one = 0;
      lease.session() << "SELECT 1", soci::into(one);
      db.set("state", std::string(one == 1 ? "ok" : "failed"));
    } catch (const std::exception& e) {
      db.set("state", std::string("failed"));
      db.set("reason", std::string(e.what()));
      healthy = false;
    }
  } else {
    db.set("state", std::string("not opened"));
  }
  root.set("database", db);
  const std::vector<PluginInfo> plugins = plugins_->list();
  for (const PluginInfo& p : plugins) healthy = healthy && p.state != PluginState::Failed && p.health_problem.empty();
  root.set("plugins", pluginsArray(plugins));
  root.set("status", std::string(healthy ? "ok" : "degraded"));
  return root;
}

}  // namespace monban::host
