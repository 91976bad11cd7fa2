// History store benchmark: prints figures, asserts nothing.
//   (a) ingestion with deduplication on SQLite, 1,000 events per append, 10% redelivered, against a
//       plain prepared insert of the same rows (SQLite C API, one transaction, no secondary index);
//   (b) the same on PostgreSQL against COPY, when MONBAN_BENCH_PG_CONNINFO is set;
//   (c) filtered first and next pages over N stored events through HistoryStore::query with
//       group-scoped and affiliation-scoped operators (SQLite; PostgreSQL too with --pg-pages).
// Usage: monban_history_bench [--quick] [--events N] [--ingest N] [--batch N] [--queries N]
//                             [--dir DIR] [--keep] [--reuse] [--pg-pages]
#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "monban/host/BulkInserter.h"
#include "monban/host/Clock.h"
#include "monban/host/Database.h"
#include "monban/host/Migrator.h"
#include "monban/host/SqlStatement.h"
#include "monban/host/domain/DomainSchema.h"
#include "monban/host/domain/HistorySchema.h"
#include "monban/host/domain/HistoryStore.h"
#include "monban/host/domain/HistoryTerms.h"

namespace {

using namespace monban::host;
using namespace monban::host::domain;
namespace fs = std::filesystem;

constexpr int64_t kMsPerDay = 86'400'000;
constexpr int64_t kNowMs = 1'800'000'000'000;  // the benchmark's "now": 2027-01-15
constexpr int kGates = 1000;
constexpr int kGroups = 500;
constexpr int kAffiliations = 5000;
constexpr int kUsers = 300000;
constexpr int kDays = 1100;

struct Options {
  int64_t events = 10'000'000;
  int64_t ingest = 1'000'000;
  int queries = 200;
  int batch = 1000;  ///< events per append, a multiple of 50
  std::string dir;
  bool keep = false;
  bool quick = false;
  bool pgPages = false;
  bool reuse = false;  ///< run only the pages of (c), over the pages.db a --keep run left in --dir
};

double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// ---------------------------------------------------------------------------------------------
// The site: affiliations in a tree of five levels, users, gates in management groups.

struct Affiliation {
  int64_t id;
  int64_t parent;  // 0 for a root
  int depth;
  std::string path;
};

struct Site {
  std::vector<Affiliation> affiliations;  // index = id - 1
  std::vector<int> userAffiliation;       // index = user ref - 1 → affiliation index
  std::vector<int> gateGroup;             // index = gate id - 1 → group id

  Site() {
    // 5 companies, 5 divisions each, 5 departments, 8 sections, then teams until 5,000.
    const int fan[] = {5, 5, 5, 8, 4};
    std::function<void(int64_t, std::string, int)> grow = [&](int64_t parent, std::string path, int depth) {
      if (depth == 5) return;
      for (int i = 0; i < fan[depth] && affiliations.size() < kAffiliations; ++i) {
        const auto id = static_cast<int64_t>(affiliations.size()) + 1;
        affiliations.push_back({id, parent, depth + 1, path + std::to_string(id) + "/"});
        grow(id, affiliations.back().path, depth + 1);
      }
    };
    grow(0, "/", 0);
    std::mt19937_64 random(7);
    userAffiliation.resize(kUsers);
    for (auto& a : userAffiliation) a = static_cast<int>(random() % affiliations.size());
    gateGroup.resize(kGates);
    for (int g = 0; g < kGates; ++g) gateGroup[g] = g % kGroups + 1;
  }

  static std::string userId(int64_t ref) {
    char buffer[16];
    std::snprintf(buffer, sizeof(buffer), "U%07lld", static_cast<long long>(ref));
    return buffer;
  }
  static std::string userName(int64_t ref) { return "利用者 " + std::to_string(ref); }
};

/// Fills `e` with a plausible event at gate `gate` (controller = gate).
void makeEvent(const Site& site, std::mt19937_64& random, int gate, int64_t seq, int64_t at, HistoryEvent& e) {
  static const char* accessCodes[] = {"granted",
                                      "granted",
                                      "granted",
                                      "granted",
                                      "granted",
                                      "granted",
                                      "granted",
                                      "granted",
                                      "granted",
                                      "granted",
                                      "first_entry",
                                      "last_exit",
                                      "granted",
                                      "granted",
                                      "granted",
                                      "granted",
                                      "denied_no_permission",
                                      "passback_violation"};
  static const char* alarmCodes[] = {"intrusion", "tamper", "lock_fault", "wrong_pin", "lost_card", "reader_fault"};
  static const char* operationCodes[] = {"lock", "unlock", "arm", "disarm", "card_or_pin", "restart"};
  static const char* managementCodes[] = {"card_count", "calendar_set"};
  e = HistoryEvent{};
  const auto r = random() % 100;
  e.kind = r < 90   ? HistoryKind::Access
           : r < 95 ? HistoryKind::Alarm
           : r < 99 ? HistoryKind::GateOperation
                    : HistoryKind::GateManagement;
  e.occurred_at_ms = at;
  e.received_at_ms = at + static_cast<int64_t>(random() % 60000);
  e.controller_id = gate;
  e.event_seq = seq;
  e.gate_id = gate;
  e.management_group_id = site.gateGroup[gate - 1];
  const bool withUser = e.kind == HistoryKind::Access || (e.kind == HistoryKind::Alarm && random() % 2 == 0);
  if (withUser) {
    const auto ref = static_cast<int64_t>(random() % kUsers) + 1;
    const Affiliation& a = site.affiliations[site.userAffiliation[ref - 1]];
    e.user_ref = ref;
    e.user_id = Site::userId(ref);
    e.user_name = Site::userName(ref);
    e.affiliation_id = a.id;
    e.affiliation_path = a.path;
    char card[17];
    std::snprintf(card, sizeof(card), "%016llx", static_cast<unsigned long long>(ref) * 2654435761ULL);
    e.card_data = card;
    e.direction = random() % 2 == 0 ? Direction::Entry : Direction::Exit;
  }
  switch (e.kind) {
    case HistoryKind::Access:
      e.code = accessCodes[random() % std::size(accessCodes)];
      break;
    case HistoryKind::Alarm:
      e.code = alarmCodes[random() % std::size(alarmCodes)];
      break;
    case HistoryKind::GateOperation:
      e.code = operationCodes[random() % std::size(operationCodes)];
      break;
    case HistoryKind::GateManagement:
      e.code = managementCodes[random() % std::size(managementCodes)];
      break;
  }
  if (random() % 4 == 0) e.detail = "reader " + std::to_string(random() % 2 + 1);
}

// ---------------------------------------------------------------------------------------------
// (a), (b): ingestion.

/// Appends of `batchSize` events from batchSize / 50 controllers, each re-sending 5 events it
/// sent before (the ack was lost) and 45 new ones; a controller's first chunk repeats 5 of its
/// own new events.
std::vector<std::vector<HistoryEvent>> ingestionBatches(const Site& site, int64_t total, int64_t startMs,
                                                        int64_t firstSeq, int batchSize) {
  std::mt19937_64 random(11);
  std::vector<std::vector<HistoryEvent>> batches;
  std::vector<int64_t> nextSeq(kGates + 1, firstSeq);
  std::vector<std::vector<HistoryEvent>> lastChunk(kGates + 1);
  int64_t at = startMs;
  int64_t offered = 0;
  while (offered < total) {
    std::vector<HistoryEvent> batch;
    batch.reserve(static_cast<std::size_t>(batchSize));
    for (int c = 0; c < batchSize / 50; ++c) {
      const int gate = static_cast<int>(random() % kGates) + 1;
      std::vector<HistoryEvent> fresh(45);
      for (auto& e : fresh) {
        at += static_cast<int64_t>(random() % 100);
        makeEvent(site, random, gate, nextSeq[gate]++, at, e);
        if (random() % 1000 == 0) e.received_at_ms = e.occurred_at_ms + 3'600'000;  // a skewed clock
      }
      const auto& resend = lastChunk[gate].empty() ? fresh : lastChunk[gate];
      for (int d = 0; d < 5; ++d) batch.push_back(resend[resend.size() - 1 - static_cast<std::size_t>(d)]);
      batch.insert(batch.end(), fresh.begin(), fresh.end());
      lastChunk[gate] = std::move(fresh);
    }
    offered += static_cast<int64_t>(batch.size());
    batches.push_back(std::move(batch));
  }
  return batches;
}

int64_t offeredCount(const std::vector<std::vector<HistoryEvent>>& batches) {
  int64_t n = 0;
  for (const auto& b : batches) n += static_cast<int64_t>(b.size());
  return n;
}

const char* kReferenceColumns =
    "kind, occurred_at_ms, received_at_ms, controller_id, event_seq, gate_id, management_group_id, user_ref, user_id,"
    " user_name, affiliation_id, affiliation_path, card_data, direction, code, detail, flags";

struct IngestFigures {
  double storeSeconds = 0;
  int64_t stored = 0;
  int64_t duplicates = 0;
};

IngestFigures ingestIntoStore(Database& db, const std::vector<std::vector<HistoryEvent>>& batches) {
  SystemClock clock;
  HistoryStore store(db, clock, nullptr);
  IngestFigures f;
  const auto start = std::chrono::steady_clock::now();
  for (const auto& batch : batches) {
    const AppendResult r = store.append(batch);
    f.stored += r.stored;
    f.duplicates += r.duplicates;
  }
  f.storeSeconds = secondsSince(start);
  return f;
}

void sqliteCheck(sqlite3* db, int rc, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
    throw std::runtime_error(std::string(what) + ": " + sqlite3_errmsg(db));
}

/// Plain SQLite: the same rows, one prepared INSERT, one transaction, no secondary index.
double sqliteReference(const fs::path& file, const std::vector<std::vector<HistoryEvent>>& batches) {
  sqlite3* db = nullptr;
  sqliteCheck(db, sqlite3_open(file.c_str(), &db), "open");
  sqliteCheck(db, sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL", nullptr, nullptr, nullptr),
              "pragma");
  sqliteCheck(db,
              sqlite3_exec(db,
                           "CREATE TABLE reference_events (id INTEGER PRIMARY KEY, kind INTEGER NOT NULL,"
                           " occurred_at_ms INTEGER NOT NULL, received_at_ms INTEGER NOT NULL, controller_id INTEGER,"
                           " event_seq INTEGER, gate_id INTEGER, management_group_id INTEGER, user_ref INTEGER,"
                           " user_id TEXT, user_name TEXT, affiliation_id INTEGER, affiliation_path TEXT,"
                           " card_data TEXT, direction INTEGER NOT NULL, code TEXT NOT NULL, detail TEXT NOT NULL,"
                           " flags INTEGER NOT NULL)",
                           nullptr, nullptr, nullptr),
              "create");
  const std::string sql = std::string("INSERT INTO reference_events (") + kReferenceColumns +
                          ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  const auto start = std::chrono::steady_clock::now();
  sqlite3_stmt* st = nullptr;
  sqliteCheck(db, sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr), "prepare");
  sqliteCheck(db, sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr), "begin");
  auto bindOptional = [&](int column, const std::optional<int64_t>& v) {
    v ? sqlite3_bind_int64(st, column, *v) : sqlite3_bind_null(st, column);
  };
  auto bindText = [&](int column, const std::string& v) {
    v.empty() ? sqlite3_bind_null(st, column)
              : sqlite3_bind_text(st, column, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
  };
  for (const auto& batch : batches) {
    for (const HistoryEvent& e : batch) {
      sqlite3_bind_int64(st, 1, static_cast<int64_t>(e.kind));
      sqlite3_bind_int64(st, 2, e.occurred_at_ms);
      sqlite3_bind_int64(st, 3, e.received_at_ms);
      bindOptional(4, e.controller_id);
      bindOptional(5, e.event_seq);
      bindOptional(6, e.gate_id);
      bindOptional(7, e.management_group_id);
      bindOptional(8, e.user_ref);
      bindText(9, e.user_id);
      bindText(10, e.user_name);
      bindOptional(11, e.affiliation_id);
      bindText(12, e.affiliation_path);
      bindText(13, e.card_data);
      sqlite3_bind_int64(st, 14, static_cast<int64_t>(e.direction));
      sqlite3_bind_text(st, 15, e.code.data(), static_cast<int>(e.code.size()), SQLITE_STATIC);
      sqlite3_bind_text(st, 16, e.detail.data(), static_cast<int>(e.detail.size()), SQLITE_STATIC);
      sqlite3_bind_int64(st, 17, e.flags);
      sqliteCheck(db, sqlite3_step(st), "insert");
      sqlite3_reset(st);
    }
  }
  sqliteCheck(db, sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), "commit");
  const double seconds = secondsSince(start);
  sqlite3_finalize(st);
  sqlite3_close(db);
  return seconds;
}

std::string copyText(const std::optional<int64_t>& v) {
  return v ? std::to_string(*v) : "\\N";
}
std::string copyText(const std::string& v, bool nullWhenEmpty = true) {
  if (v.empty() && nullWhenEmpty) return "\\N";
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '\t' || c == '\n' || c == '\r') out += '\\';
    out += c == '\t' ? 't' : c == '\n' ? 'n' : c == '\r' ? 'r' : c;
  }
  return out;
}

PGconn* pgConnect(const std::string& conninfo) {
  PGconn* conn = PQconnectdb(conninfo.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    const std::string message = PQerrorMessage(conn);
    PQfinish(conn);
    throw std::runtime_error("cannot connect to PostgreSQL: " + message);
  }
  return conn;
}

void pgExec(PGconn* conn, const std::string& sql) {
  PGresult* r = PQexec(conn, sql.c_str());
  const auto status = PQresultStatus(r);
  const std::string message = PQresultErrorMessage(r);
  PQclear(r);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) throw std::runtime_error(sql + ": " + message);
}

/// Plain PostgreSQL: COPY of the same rows, one transaction, no secondary index.
double pgReference(const std::string& conninfo, const std::vector<std::vector<HistoryEvent>>& batches) {
  PGconn* conn = pgConnect(conninfo);
  pgExec(conn,
         "CREATE TABLE reference_events (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, kind INTEGER NOT NULL,"
         " occurred_at_ms BIGINT NOT NULL, received_at_ms BIGINT NOT NULL, controller_id BIGINT, event_seq BIGINT,"
         " gate_id BIGINT, management_group_id BIGINT, user_ref BIGINT, user_id VARCHAR(32), user_name VARCHAR(64),"
         " affiliation_id BIGINT, affiliation_path VARCHAR(128), card_data VARCHAR(16), direction INTEGER NOT NULL,"
         " code VARCHAR(32) NOT NULL, detail VARCHAR(512) NOT NULL, flags INTEGER NOT NULL)");
  const auto start = std::chrono::steady_clock::now();
  pgExec(conn, "BEGIN");
  PGresult* r = PQexec(conn, (std::string("COPY reference_events (") + kReferenceColumns + ") FROM STDIN").c_str());
  if (PQresultStatus(r) != PGRES_COPY_IN) throw std::runtime_error(PQerrorMessage(conn));
  PQclear(r);
  std::string buffer;
  for (const auto& batch : batches) {
    for (const HistoryEvent& e : batch) {
      buffer += std::to_string(static_cast<int>(e.kind)) + '\t' + std::to_string(e.occurred_at_ms) + '\t' +
                std::to_string(e.received_at_ms) + '\t' + copyText(e.controller_id) + '\t' + copyText(e.event_seq) +
                '\t' + copyText(e.gate_id) + '\t' + copyText(e.management_group_id) + '\t' + copyText(e.user_ref) +
                '\t' + copyText(e.user_id) + '\t' + copyText(e.user_name) + '\t' + copyText(e.affiliation_id) + '\t' +
                copyText(e.affiliation_path) + '\t' + copyText(e.card_data) + '\t' +
                std::to_string(static_cast<int>(e.direction)) + '\t' + copyText(e.code, false) + '\t' +
                copyText(e.detail, false) + '\t' + std::to_string(e.flags) + '\n';
      if (buffer.size() > (1 << 20)) {
        PQputCopyData(conn, buffer.data(), static_cast<int>(buffer.size()));
        buffer.clear();
      }
    }
  }
  PQputCopyData(conn, buffer.data(), static_cast<int>(buffer.size()));
  PQputCopyEnd(conn, nullptr);
  while (PGresult* result = PQgetResult(conn)) {
    if (PQresultStatus(result) != PGRES_COMMAND_OK) throw std::runtime_error(PQresultErrorMessage(result));
    PQclear(result);
  }
  pgExec(conn, "COMMIT");
  const double seconds = secondsSince(start);
  PQfinish(conn);
  return seconds;
}

void migrate(Database& db) {
  SystemClock clock;
  Migrator migrator(db, clock);
  migrator.apply("domain", domainMigrations(db.dialect()));
  migrator.apply("history", historyMigrations(db.dialect()));
}

void printIngestion(const char* label, const IngestFigures& store, int64_t offered, double referenceSeconds,
                    const char* referenceLabel) {
  const double storeRate = static_cast<double>(offered) / store.storeSeconds;
  const double referenceRate = static_cast<double>(offered) / referenceSeconds;
  std::printf("  %-34s %10.0f events/s  (%lld offered, %lld stored, %lld duplicates, %.2f s)\n", label, storeRate,
              static_cast<long long>(offered), static_cast<long long>(store.stored),
              static_cast<long long>(store.duplicates), store.storeSeconds);
  std::printf("  %-34s %10.0f events/s  (%.2f s)\n", referenceLabel, referenceRate, referenceSeconds);
  std::printf("  ratio store / reference            %9.1f %%   (target >= 25 %%)\n", 100.0 * storeRate / referenceRate);
}

// ---------------------------------------------------------------------------------------------
// (c): pages over N stored events.

/// The secondary indexes of history_events, as the migration wrote them.
std::vector<std::pair<std::string, std::string>> secondaryIndexes(soci::session& session, Dialect dialect) {
  std::vector<std::pair<std::string, std::string>> out;
  const std::string sql =
      dialect == Dialect::SQLite
          ? "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'history_events' AND sql IS NOT "
            "NULL"
          : "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'history_events' AND indexname <> "
            "'history_events_pkey'";
  querySql(session, sql, {}, [&](const SqlRow& row) {
    out.emplace_back(sqlText(row.values[0]), sqlText(row.values[1]));
    return true;
  });
  return out;
}

void execute(soci::session& session, const std::string& sql) {
  executeSql(session, sql, {});
}

/// Fills the store with `count` events spread over 1,100 days before kNowMs, fast: BulkInserter
/// in transactions of a million rows, secondary indexes dropped during the load and rebuilt.
void loadEvents(Database& db, const Site& site, int64_t count) {
  Database::Lease lease = db.acquire();
  soci::session& session = lease.session();
  {
    execute(session, "BEGIN");
    BulkInserter affiliations(session, db, "affiliations",
                              {"id", "code", "name", "parent_id", "depth", "path", "updated_at_ms"});
    for (const Affiliation& a : site.affiliations) {
      const std::string code = "A" + std::to_string(a.id);
      affiliations.beginRow();
      affiliations.put(a.id);
      affiliations.put(code);
      affiliations.put(code);
      a.parent == 0 ? affiliations.putNull() : affiliations.put(a.parent);
      affiliations.put(static_cast<int64_t>(a.depth));
      affiliations.put(a.path);
      affiliations.put(kNowMs);
      affiliations.endRow();
    }
    affiliations.finish();
    execute(session, "COMMIT");
  }
  const auto indexes = secondaryIndexes(session, db.dialect());
  for (const auto& [name, sql] : indexes) execute(session, "DROP INDEX " + name);

  std::mt19937_64 random(3);
  std::vector<int64_t> seq(kGates + 1, 0);
  const double meanGap = static_cast<double>(kDays * kMsPerDay) / static_cast<double>(count);
  std::exponential_distribution<double> gap(1.0 / meanGap);
  double at = static_cast<double>(kNowMs - kDays * kMsPerDay);
  const std::vector<std::string>& columns = historyInsertColumns();
  const bool termArray = db.dialect() == Dialect::PostgreSQL;
  std::string terms;
  HistoryEvent e;
  const auto start = std::chrono::steady_clock::now();
  const std::string addTerms = historyTermIndexAddSql(db.dialect());
  for (int64_t done = 0; done < count;) {
    execute(session, "BEGIN");
    int64_t maxId = 0;
    querySql(session, "SELECT MAX(id) AS max_id FROM history_events", {}, [&](const SqlRow& row) {
      maxId = sqlInteger(row.values[0], 0);
      return false;
    });
    BulkInserter insert(session, db, "history_events", columns);
    const int64_t end = std::min(count, done + 1'000'000);
    for (; done < end; ++done) {
      at = std::min(at + gap(random), static_cast<double>(kNowMs - 1));
      const int gate = static_cast<int>(random() % kGates) + 1;
      makeEvent(site, random, gate, ++seq[gate], static_cast<int64_t>(at), e);
      insert.beginRow();
      insert.put(static_cast<int64_t>(e.kind));
      insert.put(e.occurred_at_ms);
      insert.put(e.received_at_ms);
      insert.put(*e.controller_id);
      insert.put(*e.event_seq);
      insert.put(*e.gate_id);
      insert.put(*e.management_group_id);
      e.user_ref ? insert.put(*e.user_ref) : insert.putNull();
      insert.putTextOrNull(e.user_id);
      insert.putTextOrNull(e.user_name);
      e.affiliation_id ? insert.put(*e.affiliation_id) : insert.putNull();
      insert.putTextOrNull(e.affiliation_path);
      insert.putTextOrNull(e.card_data);
      insert.put(static_cast<int64_t>(e.direction));
      insert.put(e.code);
      insert.put(e.detail);
      insert.put(int64_t{0});
      terms.clear();
      termArray ? appendHistoryTermsArray(historyTerms(e), terms) : appendHistoryTermsText(historyTerms(e), terms);
      insert.put(terms);
      insert.endRow();
    }
    insert.finish();
    if (!addTerms.empty()) executeSql(session, addTerms, {maxId});
    execute(session, "COMMIT");
  }
  // As HistoryStore::append does: record the affiliation paths for subtree searches.
  execute(session,
          "INSERT INTO history_affiliation_paths (path) SELECT DISTINCT affiliation_path FROM history_events"
          " WHERE affiliation_path IS NOT NULL");
  std::printf("  loaded %lld events in %.1f s", static_cast<long long>(count), secondsSince(start));
  std::fflush(stdout);
  const auto indexStart = std::chrono::steady_clock::now();
  for (const auto& [name, sql] : indexes) execute(session, sql);
  if (db.dialect() == Dialect::PostgreSQL) execute(session, "ANALYZE history_events");
  std::printf(", indexes rebuilt in %.1f s\n", secondsSince(indexStart));
}

struct PageCase {
  std::string label;
  int actor;  // index into the actor list
  HistoryQuery query;
};

struct ActorCase {
  std::string label;
  Actor actor;
  std::vector<int64_t> groups;        // in scope, for group-scoped
  std::vector<int> affiliationIndex;  // in scope, for affiliation-scoped
};

Actor makeActor(int id, const std::string& name, Scope scope) {
  return Actor::forOperator(id, name, AccessRights(OperatorType::GeneralAdministrator), std::move(scope));
}

std::vector<ActorCase> makeActors(const Site& site, std::mt19937_64& random) {
  std::vector<ActorCase> actors;
  for (int groups : {1, 3, 10, 50}) {
    Scope scope;
    scope.all_affiliations = true;
    while (scope.management_groups.size() < static_cast<std::size_t>(groups)) {
      const auto g = static_cast<int64_t>(random() % kGroups) + 1;
      if (std::find(scope.management_groups.begin(), scope.management_groups.end(), g) == scope.management_groups.end())
        scope.management_groups.push_back(g);
    }
    const auto list = scope.management_groups;
    actors.push_back(
        {"groups:" + std::to_string(groups), makeActor(static_cast<int>(actors.size()) + 1, "g", scope), list, {}});
  }
  // Affiliation scopes: a company, a division, a department, two sections.
  for (int depth : {1, 2, 3, 4}) {
    std::vector<int> candidates;
    for (std::size_t i = 0; i < site.affiliations.size(); ++i)
      if (site.affiliations[i].depth == depth) candidates.push_back(static_cast<int>(i));
    Scope scope;
    scope.all_management_groups = true;
    const int roots = depth == 4 ? 2 : 1;
    std::vector<std::string> paths;
    for (int r = 0; r < roots; ++r) paths.push_back(site.affiliations[candidates[random() % candidates.size()]].path);
    scope.affiliation_paths = paths;
    std::vector<int> inScope;
    for (std::size_t i = 0; i < site.affiliations.size(); ++i)
      for (const auto& p : paths)
        if (site.affiliations[i].path.compare(0, p.size(), p) == 0) inScope.push_back(static_cast<int>(i));
    actors.push_back({"affiliation-depth:" + std::to_string(depth),
                      makeActor(static_cast<int>(actors.size()) + 1, "a", scope),
                      {},
                      inScope});
  }
  return actors;
}

std::vector<PageCase> makeCases(const Site& site, const std::vector<ActorCase>& actors, int count,
                                std::mt19937_64& random) {
  std::vector<PageCase> cases;
  const auto pick = [&](auto n) { return static_cast<std::size_t>(random() % static_cast<uint64_t>(n)); };
  for (int i = 0; i < count; ++i) {
    const int a = static_cast<int>(pick(actors.size()));
    const ActorCase& actor = actors[static_cast<std::size_t>(a)];
    const bool byGroup = !actor.groups.empty();
    PageCase c{"", a, {}};
    switch (pick(8)) {
      case 0:
        c.label = "scope only";
        break;
      case 1: {
        c.label = "kinds";
        static const std::vector<std::vector<HistoryKind>> groupKinds = {
            {HistoryKind::Access},
            {HistoryKind::Alarm},
            {HistoryKind::GateOperation, HistoryKind::GateManagement},
            {HistoryKind::Access, HistoryKind::Alarm}};
        // Affiliation-scoped operators see only events of people: access and alarms.
        const std::size_t people[] = {0, 0, 1, 3};
        c.query.kinds = groupKinds[byGroup ? pick(4) : people[pick(4)]];
        break;
      }
      case 2:
        c.label = "management group";
        c.query.management_group_ids = {byGroup ? actor.groups[pick(actor.groups.size())]
                                                : static_cast<int64_t>(pick(kGroups)) + 1};
        break;
      case 3: {
        c.label = "gate";
        int64_t gate = static_cast<int64_t>(pick(kGates)) + 1;
        if (byGroup) {
          const int64_t group = actor.groups[pick(actor.groups.size())];
          gate = group + (pick(2) == 0 ? 0 : kGroups);  // gates g and g+500 are in group g
        }
        c.query.gate_ids = {gate};
        break;
      }
      case 4: {
        c.label = "affiliation subtree";
        const int index = byGroup ? static_cast<int>(pick(site.affiliations.size()))
                                  : actor.affiliationIndex[pick(actor.affiliationIndex.size())];
        c.query.affiliation_id = site.affiliations[static_cast<std::size_t>(index)].id;
        break;
      }
      case 5: {
        c.label = "user";
        int64_t ref = static_cast<int64_t>(pick(kUsers)) + 1;
        if (!byGroup) {
          for (int tries = 0; tries < 100000; ++tries) {
            const int64_t candidate = static_cast<int64_t>(pick(kUsers)) + 1;
            const int idx = site.userAffiliation[static_cast<std::size_t>(candidate - 1)];
            if (std::find(actor.affiliationIndex.begin(), actor.affiliationIndex.end(), idx) !=
                actor.affiliationIndex.end()) {
              ref = candidate;
              break;
            }
          }
        }
        c.query.user_id = Site::userId(ref);
        break;
      }
      case 6: {
        c.label = "time range";
        const int64_t days = pick(3) == 0 ? 1 : pick(2) == 0 ? 7 : 30;
        const int64_t end = kNowMs - static_cast<int64_t>(pick(kDays - days)) * kMsPerDay;
        c.query.from_ms = end - days * kMsPerDay;
        c.query.to_ms = end;
        break;
      }
      default: {
        c.label = "time range + kind";
        const int64_t end = kNowMs - static_cast<int64_t>(pick(kDays - 30)) * kMsPerDay;
        c.query.from_ms = end - 30 * kMsPerDay;
        c.query.to_ms = end;
        c.query.kinds = {byGroup && pick(2) == 0 ? HistoryKind::GateOperation : HistoryKind::Alarm};
        break;
      }
    }
    cases.push_back(std::move(c));
  }
  return cases;
}

/// The filters of a search, for the list of slowest pages.
std::string describe(const Site& site, const HistoryQuery& q) {
  std::string out;
  const auto add = [&](const std::string& part) { out += (out.empty() ? "" : ", ") + part; };
  if (q.from_ms && q.to_ms) add(std::to_string((*q.to_ms - *q.from_ms) / kMsPerDay) + " days");
  for (HistoryKind kind : q.kinds) add(toString(kind));
  for (int64_t g : q.management_group_ids) add("group " + std::to_string(g));
  for (int64_t g : q.gate_ids) add("gate " + std::to_string(g));
  if (q.affiliation_id) add("affiliation " + site.affiliations[static_cast<std::size_t>(*q.affiliation_id - 1)].path);
  if (!q.user_id.empty()) add("user " + q.user_id);
  return out.empty() ? "no filter" : out;
}

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const auto rank = static_cast<std::size_t>(p / 100.0 * static_cast<double>(values.size() - 1) + 0.5);
  return values[std::min(rank, values.size() - 1)];
}

void runPages(Database& db, const Site& site, int count) {
  SystemClock clock;
  HistoryStore store(db, clock, nullptr);
  std::mt19937_64 random(5);
  const auto actors = makeActors(site, random);
  const auto cases = makeCases(site, actors, count, random);
  // One untimed pass warms the page cache, as a running server's would be.
  for (const auto& c : cases) store.query(actors[static_cast<std::size_t>(c.actor)].actor, c.query);

  std::vector<double> all;
  std::map<std::string, std::vector<double>> byLabel;
  std::map<std::string, std::vector<double>> byActor;
  struct Slow {
    double ms;
    std::string what;
  };
  std::vector<Slow> slow;
  int64_t rows = 0;
  for (const auto& c : cases) {
    const ActorCase& actor = actors[static_cast<std::size_t>(c.actor)];
    HistoryQuery q = c.query;
    for (int page = 0; page < 2; ++page) {
      const auto start = std::chrono::steady_clock::now();
      const HistoryPage result = store.query(actor.actor, q);
      const double ms = secondsSince(start) * 1000.0;
      rows += static_cast<int64_t>(result.records.size());
      all.push_back(ms);
      byLabel[c.label + (page == 0 ? " (first)" : " (next)")].push_back(ms);
      byActor[actor.label].push_back(ms);
      slow.push_back({ms, actor.label + " / " + c.label + (page == 0 ? " first" : " next") + " (" +
                              describe(site, c.query) + ") → " + std::to_string(result.records.size()) + " rows"});
      if (result.next_cursor.empty()) break;
      q.cursor = result.next_cursor;
    }
  }
  std::printf("  %zu pages (%d searches, first and next page), %.1f rows per page\n", all.size(), count,
              static_cast<double>(rows) / static_cast<double>(all.size()));
  std::printf("  all pages                     p50 %7.2f ms   p95 %7.2f ms   p99 %7.2f ms   (target p95 <= 50 ms)\n",
              percentile(all, 50), percentile(all, 95), percentile(all, 99));
  for (const auto& [label, values] : byActor)
    std::printf("  %-29s p50 %7.2f ms   p95 %7.2f ms   max %7.2f ms   (%zu pages)\n", label.c_str(),
                percentile(values, 50), percentile(values, 95), percentile(values, 100), values.size());
  for (const auto& [label, values] : byLabel)
    std::printf("  %-29s p50 %7.2f ms   p95 %7.2f ms   max %7.2f ms   (%zu pages)\n", label.c_str(),
                percentile(values, 50), percentile(values, 95), percentile(values, 100), values.size());
  std::sort(slow.begin(), slow.end(), [](const Slow& a, const Slow& b) { return a.ms > b.ms; });
  std::printf("  slowest:\n");
  for (std::size_t i = 0; i < std::min<std::size_t>(8, slow.size()); ++i)
    std::printf("    %8.2f ms  %s\n", slow[i].ms, slow[i].what.c_str());
}

// ---------------------------------------------------------------------------------------------

void printMachine() {
  utsname u{};
  uname(&u);
  std::string cpu = "unknown";
  std::ifstream cpuinfo("/proc/cpuinfo");
  for (std::string line; std::getline(cpuinfo, line);)
    if (line.rfind("model name", 0) == 0) {
      cpu = line.substr(line.find(':') + 2);
      break;
    }
  long memoryMb = sysconf(_SC_PHYS_PAGES) / 1024 * sysconf(_SC_PAGESIZE) / 1024;
  std::printf("machine: %s %s, %ld cores (nproc), %s, %ld MiB RAM\n", u.sysname, u.release,
              sysconf(_SC_NPROCESSORS_ONLN), cpu.c_str(), memoryMb);
  std::printf("sqlite %s, libpq %d\n", sqlite3_libversion(), PQlibVersion());
}

Options parse(int argc, char** argv) {
  Options o;
  bool eventsGiven = false;
  bool ingestGiven = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw std::invalid_argument(arg + " needs a value");
      return argv[++i];
    };
    if (arg == "--quick") {
      o.quick = true;
    } else if (arg == "--events") {
      o.events = std::stoll(value());
      eventsGiven = true;
    } else if (arg == "--ingest") {
      o.ingest = std::stoll(value());
      ingestGiven = true;
    } else if (arg == "--batch") {
      o.batch = std::stoi(value());
    } else if (arg == "--queries") {
      o.queries = std::stoi(value());
    } else if (arg == "--dir") {
      o.dir = value();
    } else if (arg == "--keep") {
      o.keep = true;
    } else if (arg == "--pg-pages") {
      o.pgPages = true;
    } else if (arg == "--reuse") {
      o.reuse = true;
    } else {
      throw std::invalid_argument(
          "unknown argument " + arg +
          " (use --quick, --events N, --ingest N, --batch N, --queries N, --dir DIR, --keep, --reuse, --pg-pages)");
    }
  }
  if (o.quick) {
    if (!eventsGiven) o.events = 100'000;
    if (!ingestGiven) o.ingest = 100'000;
    o.queries = std::min(o.queries, 50);
  }
  if (o.reuse && o.dir.empty()) throw std::invalid_argument("--reuse needs --dir");
  if (o.batch < 50 || o.batch % 50 != 0) throw std::invalid_argument("--batch needs a multiple of 50");
  if (o.events < 1000 || o.ingest < o.batch || o.queries < 1)
    throw std::invalid_argument("--events needs at least 1000, --ingest at least --batch, --queries at least 1");
  return o;
}

/// A fresh PostgreSQL database for one part of the run, dropped at the end.
class PgDatabase {
public:
  PgDatabase(std::string admin, const std::string& suffix)
      : admin_(std::move(admin)), name_("monban_bench_" + std::to_string(::getpid()) + "_" + suffix) {
    PGconn* conn = pgConnect(admin_);
    pgExec(conn, "CREATE DATABASE " + name_);
    PQfinish(conn);
  }
  ~PgDatabase() {
    try {
      PGconn* conn = pgConnect(admin_);
      pgExec(conn, "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
      PQfinish(conn);
    } catch (...) {
    }
  }
  PgDatabase(const PgDatabase&) = delete;
  PgDatabase& operator=(const PgDatabase&) = delete;
  /// A later dbname= wins in a libpq connection string.
  std::string conninfo() const { return admin_ + " dbname=" + name_; }

private:
  std::string admin_;
  std::string name_;
};

/// The database files this benchmark writes into `dir`.
void removeFiles(const fs::path& dir) {
  std::error_code ec;
  for (const char* name : {"ingest.db", "reference.db", "pages.db"})
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(dir / (std::string(name) + suffix), ec);
}

int run(const Options& o) {
  printMachine();
  fs::path dir;
  bool madeDir = false;
  if (o.dir.empty()) {
    char pattern[] = "/tmp/monban-history-bench-XXXXXX";
    if (mkdtemp(pattern) == nullptr) throw std::runtime_error("cannot make a temporary directory");
    dir = pattern;
    madeDir = true;
  } else {
    dir = o.dir;
    fs::create_directories(dir);
  }
  const Site site;
  if (o.reuse) {
    std::printf("(c) pages over the events kept in %s\n", (dir / "pages.db").c_str());
    Database db({"sqlite", (dir / "pages.db").string(), 2, 5000, 30000});
    runPages(db, site, o.queries);
    return 0;
  }
  removeFiles(dir);  // a kept earlier run
  std::printf("files in %s\n\n", dir.c_str());
  const char* pgAdmin = std::getenv("MONBAN_BENCH_PG_CONNINFO");

  const auto batches = ingestionBatches(site, o.ingest, kNowMs - kMsPerDay, 1, o.batch);
  const int64_t offered = offeredCount(batches);
  std::printf("(a) ingestion, SQLite: %zu appends of %d events, 10%% redelivered\n", batches.size(), o.batch);
  {
    Database db({"sqlite", (dir / "ingest.db").string(), 2, 5000, 30000});
    migrate(db);
    const IngestFigures store = ingestIntoStore(db, batches);
    const double reference = sqliteReference(dir / "reference.db", batches);
    printIngestion("HistoryStore::append", store, offered, reference, "plain prepared insert, 1 transaction");
  }

  std::printf("\n(b) ingestion, PostgreSQL\n");
  if (pgAdmin == nullptr || *pgAdmin == '\0') {
    std::printf("  skipped: MONBAN_BENCH_PG_CONNINFO is not set\n");
  } else {
    PgDatabase pg(pgAdmin, "ingest");
    Database db({"postgresql", pg.conninfo(), 2, 5000, 30000});
    migrate(db);
    const IngestFigures store = ingestIntoStore(db, batches);
    const double reference = pgReference(pg.conninfo(), batches);
    printIngestion("HistoryStore::append", store, offered, reference, "COPY, 1 transaction");
  }

  std::printf(
      "\n(c) pages over %lld stored events, SQLite (1,000 gates, 500 groups, 5,000 affiliations,"
      " 300,000 users, 1,100 days)\n",
      static_cast<long long>(o.events));
  {
    Database db({"sqlite", (dir / "pages.db").string(), 2, 5000, 30000});
    migrate(db);
    loadEvents(db, site, o.events);
    runPages(db, site, o.queries);
    // Steady state: the same ingestion into the full store, at its newest end.
    const auto more = ingestionBatches(site, std::min<int64_t>(o.ingest, 200'000), kNowMs, 1'000'000'000, o.batch);
    const IngestFigures f = ingestIntoStore(db, more);
    std::printf("  then ingestion into that store: %.0f events/s (%lld offered, %lld stored)\n",
                static_cast<double>(offeredCount(more)) / f.storeSeconds, static_cast<long long>(offeredCount(more)),
                static_cast<long long>(f.stored));
  }
  if (o.pgPages) {
    std::printf("\n(c') pages over %lld stored events, PostgreSQL\n", static_cast<long long>(o.events));
    if (pgAdmin == nullptr || *pgAdmin == '\0') {
      std::printf("  skipped: MONBAN_BENCH_PG_CONNINFO is not set\n");
    } else {
      PgDatabase pg(pgAdmin, "pages");
      Database db({"postgresql", pg.conninfo(), 2, 5000, 30000});
      migrate(db);
      loadEvents(db, site, o.events);
      runPages(db, site, o.queries);
    }
  }

  if (!o.keep) {
    removeFiles(dir);
    std::error_code ec;
    if (madeDir) fs::remove(dir, ec);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(parse(argc, argv));
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr, "usage: %s\n", e.what());
    return 64;
  } catch (const std::exception& e) {
    std::fflush(stdout);
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
}
