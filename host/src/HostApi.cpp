// The host function table: the C side of the SDK boundary. Every function catches everything,
// so no exception ever reaches plugin code.
#include <cstring>
#include <filesystem>

#include <Poco/Logger.h>
#include <soci/soci.h>

#include "monban/host/Clock.h"
#include "monban/host/EventBus.h"
#include "monban/host/HostError.h"
#include "monban/host/Migrator.h"
#include "monban/host/PluginContext.h"
#include "monban/host/ServiceRegistry.h"
#include "monban/host/SqlStatement.h"

namespace monban::host {

namespace {

constexpr uint64_t kMaxEventPayloadBytes = 1 << 20;

void hostSetError(monban_plugin_context* c, const char* message) {
  if (c != nullptr) c->setError(message != nullptr ? message : "");
}

void hostLog(monban_plugin_context* c, int32_t level, const char* message) {
  if (c == nullptr || c->logger == nullptr || message == nullptr) return;
  try {
    switch (level) {
      case MONBAN_LOG_TRACE:
        c->logger->trace(message);
        break;
      case MONBAN_LOG_DEBUG:
        c->logger->debug(message);
        break;
      case MONBAN_LOG_WARNING:
        c->logger->warning(message);
        break;
      case MONBAN_LOG_ERROR:
        c->logger->error(message);
        break;
      default:
        c->logger->information(message);
    }
  } catch (...) {
  }
}

const char* hostConfigGet(monban_plugin_context* c, const char* key) {
  if (c == nullptr || key == nullptr) return nullptr;
  auto it = c->config.find(key);
  return it == c->config.end() ? nullptr : it->second.c_str();
}

int64_t hostNowMs(monban_plugin_context* c) {
  return c->services->clock.nowMs();
}
int64_t hostMonotonicMs(monban_plugin_context* c) {
  return c->services->clock.monotonicMs();
}

monban_status hostServiceRegister(monban_plugin_context* c, const char* name, uint32_t major, uint32_t minor,
                                  const void* table) {
  if (c == nullptr || name == nullptr || table == nullptr) return MONBAN_ERR_INVALID_ARGUMENT;
  if (!c->registration_open) {
    c->setDetail(std::string("service '") + name + "' registered outside initialise");
    return MONBAN_ERR_WRONG_STATE;
  }
  const ServiceRef ref{name, major, minor};
  bool declared = false;
  for (const ServiceRef& d : c->declared_provides)
    declared |= (d.name == ref.name && d.major == major && d.minor == minor);
  if (!declared) {
    c->setDetail("service " + ref.text() + " is not declared in the plugin's descriptor");
    return MONBAN_ERR_UNDECLARED;
  }
  try {
    c->services->registry.add(c->plugin_id, ref, table);
    c->registered_services.push_back(ref.name);
    return MONBAN_OK;
  } catch (const std::exception& e) {
    c->setDetail(e.what());
    return MONBAN_ERR_WRONG_STATE;
  }
}

const void* hostServiceAcquire(monban_plugin_context* c, const char* name, uint32_t major, uint32_t minMinor) {
  if (c == nullptr || name == nullptr) return nullptr;
  bool declared = false;
  for (const ServiceRef& d : c->declared_requires) declared |= (d.name == name && d.major == major);
  if (!declared) return nullptr;
  try {
    auto entry = c->services->registry.find({name, major, minMinor});
    return entry ? entry->table : nullptr;
  } catch (...) {
    return nullptr;
  }
}

monban_status hostSubscribe(monban_plugin_context* c, const char* topic, monban_event_handler handler, void* userData,
                            uint64_t* id) {
  if (c == nullptr || topic == nullptr || *topic == '\0' || handler == nullptr || id == nullptr)
    return MONBAN_ERR_INVALID_ARGUMENT;
  try {
    *id = c->services->events.subscribe(c->plugin_id, topic, [handler, userData](const BusEvent& e) {
      monban_event event{};
      event.struct_size = sizeof(event);
      event.type_version = e.type_version;
      event.topic = e.topic.c_str();
      event.payload = e.payload.data();
      event.payload_size = e.payload.size();
      event.published_at_ms = e.published_at_ms;
      event.publisher = e.publisher.c_str();
      handler(userData, &event);
    });
    return MONBAN_OK;
  } catch (...) {
    return MONBAN_ERR_INTERNAL;
  }
}

monban_status hostUnsubscribe(monban_plugin_context* c, uint64_t id) {
  if (c == nullptr) return MONBAN_ERR_INVALID_ARGUMENT;
  // A plugin ends only its own subscriptions.
  return c->services->events.unsubscribe(id, &c->plugin_id) ? MONBAN_OK : MONBAN_ERR_NOT_FOUND;
}

monban_status hostPublish(monban_plugin_context* c, const monban_event* e) {
  if (c == nullptr || e == nullptr || e->struct_size < sizeof(monban_event) || e->topic == nullptr ||
      *e->topic == '\0' || std::strcmp(e->topic, "*") == 0 || (e->payload == nullptr && e->payload_size != 0))
    return MONBAN_ERR_INVALID_ARGUMENT;
  if (e->payload_size > kMaxEventPayloadBytes) {
    c->setDetail("event payload of " + std::to_string(e->payload_size) + " bytes exceeds the 1 MiB limit");
    return MONBAN_ERR_INVALID_ARGUMENT;
  }
  try {
    std::string payload(static_cast<const char*>(e->payload), static_cast<std::size_t>(e->payload_size));
    c->services->events.publish(c->plugin_id, e->topic, e->type_version, std::move(payload));
    return MONBAN_OK;
  } catch (...) {
    return MONBAN_ERR_INTERNAL;
  }
}

const char* hostDialect(monban_plugin_context* c) {
  if (c == nullptr || c->services->database == nullptr) return "";
  return dialectName(c->services->database->dialect());
}

monban_status hostMigrate(monban_plugin_context* c, const monban_migration* migrations, uint32_t count) {
  if (c == nullptr || (migrations == nullptr && count != 0)) return MONBAN_ERR_INVALID_ARGUMENT;
  if (!c->registration_open) {
    c->setDetail("migrations run only while the plugin initialises");
    return MONBAN_ERR_WRONG_STATE;
  }
  if (c->services->migrator == nullptr) {
    c->setDetail("the host runs without a database");
    return MONBAN_ERR_WRONG_STATE;
  }
  try {
    std::vector<Migration> list;
    for (uint32_t i = 0; i < count; ++i) {
      const monban_migration& m = migrations[i];
      if (m.statements == nullptr && m.statement_count != 0) return MONBAN_ERR_INVALID_ARGUMENT;
      Migration out{static_cast<int>(m.version), m.description != nullptr ? m.description : "", {}};
      for (uint32_t s = 0; s < m.statement_count; ++s) {
        if (m.statements[s] == nullptr) return MONBAN_ERR_INVALID_ARGUMENT;
        out.statements.emplace_back(m.statements[s]);
      }
      list.push_back(std::move(out));
    }
    const int ran = c->services->migrator->apply(c->plugin_id, list);
    if (ran > 0 && c->logger != nullptr) c->logger->information("applied %d database migration(s)", ran);
    return MONBAN_OK;
  } catch (const std::exception& e) {
    c->setDetail(e.what());
    return MONBAN_ERR_DATABASE;
  }
}

monban_status hostDbAcquire(monban_plugin_context* c, monban_db** out) {
  if (c == nullptr || out == nullptr) return MONBAN_ERR_INVALID_ARGUMENT;
  *out = nullptr;
  if (c->services->database == nullptr) {
    c->setDetail("the host runs without a database");
    return MONBAN_ERR_WRONG_STATE;
  }
  try {
    *out = new monban_db{c->services->database->acquire(), c->plugin_id, {}, false};
    return MONBAN_OK;
  } catch (const std::exception& e) {
    c->setDetail(e.what());
    return MONBAN_ERR_DATABASE;
  }
}

void hostDbRelease(monban_db* db) {
  if (db == nullptr) return;
  if (db->in_transaction) {
    try {
      db->lease.session().rollback();
    } catch (...) {
    }
  }
  delete db;
}

template <class Call>
monban_status onSession(monban_db* db, Call&& call) {
  if (db == nullptr) return MONBAN_ERR_INVALID_ARGUMENT;
  try {
    db->last_error.clear();
    return call(db->lease.session());
  } catch (const soci::soci_error& e) {
    db->last_error = e.get_error_message();
  } catch (const std::exception& e) {
    db->last_error = e.what();
  } catch (...) {
    db->last_error = "unknown database failure";
  }
  return MONBAN_ERR_DATABASE;
}

monban_status hostDbBegin(monban_db* db) {
  return onSession(db, [&](soci::session& s) {
    if (db->in_transaction) {
      db->last_error = "a transaction is already open on this session";
      return MONBAN_ERR_WRONG_STATE;
    }
    s.begin();
    db->in_transaction = true;
    return MONBAN_OK;
  });
}

monban_status endTransaction(monban_db* db, bool commit) {
  return onSession(db, [&](soci::session& s) {
    if (!db->in_transaction) {
      db->last_error = "no transaction is open on this session";
      return MONBAN_ERR_WRONG_STATE;
    }
    db->in_transaction = false;
    if (commit)
      s.commit();
    else
      s.rollback();
    return MONBAN_OK;
  });
}

monban_status hostDbCommit(monban_db* db) {
  return endTransaction(db, true);
}
monban_status hostDbRollback(monban_db* db) {
  return endTransaction(db, false);
}

std::vector<SqlValue> toParams(const monban_db_value* params, uint32_t count) {
  if (params == nullptr && count != 0) throw HostError("parameters are missing");
  std::vector<SqlValue> out;
  out.reserve(count);
  for (uint32_t i = 0; i < count; ++i) {
    const monban_db_value& v = params[i];
    switch (v.type) {
      case MONBAN_DB_NULL:
        out.emplace_back(std::monostate{});
        break;
      case MONBAN_DB_INTEGER:
        out.emplace_back(static_cast<int64_t>(v.integer_value));
        break;
      case MONBAN_DB_REAL:
        out.emplace_back(v.real_value);
        break;
      case MONBAN_DB_TEXT:
        if (v.text_value == nullptr) throw HostError("parameter " + std::to_string(i + 1) + " is text without a value");
        out.emplace_back(std::string(v.text_value));
        break;
      default:
        throw HostError("parameter " + std::to_string(i + 1) + " has unknown type " + std::to_string(v.type));
    }
  }
  return out;
}

monban_status hostDbExecute(monban_db* db, const char* sql, const monban_db_value* params, uint32_t count,
                            int64_t* affected) {
  if (sql == nullptr) return MONBAN_ERR_INVALID_ARGUMENT;
  return onSession(db, [&](soci::session& s) {
    const int64_t rows = executeSql(s, sql, toParams(params, count));
    if (affected != nullptr) *affected = rows;
    return MONBAN_OK;
  });
}

monban_status hostDbQuery(monban_db* db, const char* sql, const monban_db_value* params, uint32_t count,
                          monban_db_row_handler handler, void* userData) {
  if (sql == nullptr || handler == nullptr) return MONBAN_ERR_INVALID_ARGUMENT;
  return onSession(db, [&](soci::session& s) {
    std::vector<const char*> names;
    std::vector<monban_db_value> values;
    querySql(s, sql, toParams(params, count), [&](const SqlRow& row) {
      if (names.empty())
        for (const std::string& n : *row.names) names.push_back(n.c_str());
      values.assign(row.values.size(), monban_db_value{});
      for (std::size_t i = 0; i < row.values.size(); ++i) {
        const SqlValue& v = row.values[i];
        monban_db_value& out = values[i];
        if (const auto* n = std::get_if<int64_t>(&v)) {
          out.type = MONBAN_DB_INTEGER;
          out.integer_value = *n;
        } else if (const auto* d = std::get_if<double>(&v)) {
          out.type = MONBAN_DB_REAL;
          out.real_value = *d;
        } else if (const auto* t = std::get_if<std::string>(&v)) {
          out.type = MONBAN_DB_TEXT;
          out.text_value = t->c_str();
        } else {
          out.type = MONBAN_DB_NULL;
        }
      }
      monban_db_row r{static_cast<uint32_t>(values.size()), values.data(), names.data()};
      return handler(userData, &r) == 0;
    });
    return MONBAN_OK;
  });
}

const char* hostDbLastError(monban_db* db) {
  return db == nullptr ? "no session" : db->last_error.c_str();
}

const char* hostPluginDataDir(monban_plugin_context* c) {
  if (c == nullptr || c->services->data_dir.empty()) return nullptr;
  std::lock_guard lock(c->error_mutex);
  if (c->data_dir.empty()) {
    const std::filesystem::path dir = c->services->data_dir / "plugins" / c->plugin_id;
    std::error_code error;
    std::filesystem::create_directories(dir, error);
    if (error) return nullptr;
    c->data_dir = dir.string();
  }
  return c->data_dir.c_str();
}

void hostReportHealth(monban_plugin_context* c, int32_t healthy, const char* reason) {
  if (c == nullptr) return;
  std::string problem;
  if (healthy == 0) problem = (reason != nullptr && *reason != '\0') ? reason : "reported unhealthy";
  std::lock_guard lock(c->error_mutex);
  if (problem != c->health_problem && c->logger != nullptr) {
    if (problem.empty())
      c->logger->information("healthy again");
    else
      c->logger->error("unhealthy: " + problem);
  }
  c->health_problem = std::move(problem);
}

}  // namespace

const monban_host_api& hostApiTable() {
  static const monban_host_api api = {
      sizeof(monban_host_api),
      MONBAN_SDK_ABI_MAJOR,
      MONBAN_SDK_ABI_MINOR,
      &hostSetError,
      &hostLog,
      &hostConfigGet,
      &hostNowMs,
      &hostMonotonicMs,
      &hostServiceRegister,
      &hostServiceAcquire,
      &hostSubscribe,
      &hostUnsubscribe,
      &hostPublish,
      &hostDialect,
      &hostMigrate,
      &hostDbAcquire,
      &hostDbRelease,
      &hostDbBegin,
      &hostDbCommit,
      &hostDbRollback,
      &hostDbExecute,
      &hostDbQuery,
      &hostDbLastError,
      &hostPluginDataDir,
      &hostReportHealth,
      {},
  };
  return api;
}

}  // namespace monban::host
