// Import of a generated access-user CSV (each user one card and 10 gate permissions) against the
// raw insert rate of the same rows measured in the same run: a prepared statement through the
// SQLite C API, and COPY on PostgreSQL (when MONBAN_BENCH_PG_CONNINFO names a server).
//
//   monban_import_bench [--users N] [--dir DIR]
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <string>

#include <libpq-fe.h>
#include <soci/soci.h>
#include <sqlite3.h>

#include "monban/host/Clock.h"
#include "monban/host/Migrator.h"
#include "monban/host/SqlStatement.h"
#include "monban/host/domain/Domain.h"

using namespace monban::host;
using Wall = std::chrono::steady_clock;

namespace {

constexpr int kGates = 1000;
constexpr int kGroups = 500;
constexpr int kAffiliations = 200;
constexpr int kPermissionsPerUser = 10;

double seconds(Wall::time_point since) {
  return std::chrono::duration<double>(Wall::now() - since).count();
}

long peakRssMb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024;
}

std::string userId(int i) {
  return "U" + std::to_string(1000000 + i);
}
std::string card(int i) {
  return "C" + std::to_string(50000000 + i);
}
int gateOf(int user, int k) {
  return (user * 7 + k * 97) % kGates;
}

std::string generateCsv(int users) {
  std::string csv = "operation,user_id,name,reading,affiliation,valid_from,valid_to,pin,cards,gates\n";
  csv.reserve(static_cast<std::size_t>(users) * 140);
  for (int i = 0; i < users; ++i) {
    csv += "add," + userId(i) + ",利用者 " + std::to_string(i) + ",リヨウシャ,A" + std::to_string(i % kAffiliations) +
           ",2026-01-01,2030-12-31,1234," + card(i) + ",";
    for (int k = 0; k < kPermissionsPerUser; ++k) csv += (k ? ";G" : "G") + std::to_string(gateOf(i, k)) + ":1";
    csv += "\n";
  }
  return csv;
}

/// A fresh database with the schema and the gates and affiliations the CSV names.
std::unique_ptr<Database> prepare(const DatabaseOptions& options, const ManualClock& clock) {
  auto db = std::make_unique<Database>(options);
  Migrator migrator(*db, clock);
  migrator.apply("host", hostMigrations());
  domain::Domain::migrate(migrator, db->dialect());
  domain::Domain d(*db, clock, nullptr);
  const auto admin = domain::Actor::system("bench");
  std::vector<int64_t> groups;
  for (int g = 0; g < kGroups; ++g) {
    domain::ManagementGroup mg;
    mg.code = "MG" + std::to_string(g);
    mg.name = mg.code;
    groups.push_back(d.gates().createManagementGroup(admin, mg).id);
  }
  for (int g = 0; g < kGates; ++g) {
    domain::Gate gate;
    gate.code = "G" + std::to_string(g);
    gate.name = gate.code;
    gate.management_group_id = groups[static_cast<std::size_t>(g % kGroups)];
    d.gates().createGate(admin, gate);
  }
  for (int a = 0; a < kAffiliations; ++a) d.affiliations().create(admin, "A" + std::to_string(a), "Unit", std::nullopt);
  return db;
}

/// Gate and affiliation row ids by index, as the reference insert needs them.
void lookupIds(Database& db, std::vector<int64_t>& gates, std::vector<int64_t>& affiliations) {
  Database::Lease lease = db.acquire();
  gates.assign(kGates, 0);
  affiliations.assign(kAffiliations, 0);
  querySql(lease.session(), "SELECT code, id FROM gates", {}, [&](const SqlRow& row) {
    gates[std::stoul(sqlText(row.values[0]).substr(1))] = sqlInteger(row.values[1]);
    return true;
  });
  querySql(lease.session(), "SELECT code, id FROM affiliations", {}, [&](const SqlRow& row) {
    affiliations[std::stoul(sqlText(row.values[0]).substr(1))] = sqlInteger(row.values[1]);
    return true;
  });
}

/// The reference: the same rows through the SQLite C API, one prepared statement per table,
/// one transaction.
double sqliteReference(const std::string& file, int users, const std::vector<int64_t>& gates,
                       const std::vector<int64_t>& affiliations) {
  sqlite3* db = nullptr;
  sqlite3_open(file.c_str(), &db);
  sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON", nullptr, nullptr,
               nullptr);
  sqlite3_stmt *u = nullptr, *c = nullptr, *p = nullptr;
  sqlite3_prepare_v2(db,
                     "INSERT INTO access_users (id, user_id, name, reading, affiliation_id, valid_from, valid_to, pin,"
                     " free1, free2, free3, updated_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, '', '', '', 0)",
                     -1, &u, nullptr);
  sqlite3_prepare_v2(db, "INSERT INTO user_cards (card_data, user_ref) VALUES (?, ?)", -1, &c, nullptr);
  sqlite3_prepare_v2(db, "INSERT INTO user_gate_permissions (user_ref, gate_id, passable_level) VALUES (?, ?, 1)", -1,
                     &p, nullptr);
  const auto start = Wall::now();
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  for (int i = 0; i < users; ++i) {
    const std::string id = userId(i), name = "利用者 " + std::to_string(i), cd = card(i);
    sqlite3_bind_int64(u, 1, i + 1);
    sqlite3_bind_text(u, 2, id.c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_text(u, 3, name.c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_text(u, 4, "リヨウシャ", -1, SQLITE_STATIC);
    sqlite3_bind_int64(u, 5, affiliations[static_cast<std::size_t>(i % kAffiliations)]);
    sqlite3_bind_text(u, 6, "2026-01-01", -1, SQLITE_STATIC);
    sqlite3_bind_text(u, 7, "2030-12-31", -1, SQLITE_STATIC);
    sqlite3_bind_text(u, 8, "1234", -1, SQLITE_STATIC);
    if (sqlite3_step(u) != SQLITE_DONE) std::cerr << "reference insert failed: " << sqlite3_errmsg(db) << "\n";
    sqlite3_reset(u);
    sqlite3_bind_text(c, 1, cd.c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_int64(c, 2, i + 1);
    sqlite3_step(c);
    sqlite3_reset(c);
    for (int k = 0; k < kPermissionsPerUser; ++k) {
      sqlite3_bind_int64(p, 1, i + 1);
      sqlite3_bind_int64(p, 2, gates[static_cast<std::size_t>(gateOf(i, k))]);
      sqlite3_step(p);
      sqlite3_reset(p);
    }
  }
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  const double elapsed = seconds(start);
  sqlite3_finalize(u);
  sqlite3_finalize(c);
  sqlite3_finalize(p);
  sqlite3_close(db);
  return elapsed;
}

/// The reference on PostgreSQL: COPY of the same rows through libpq, one transaction.
double copyReference(const std::string& conninfo, int users, const std::vector<int64_t>& gates,
                     const std::vector<int64_t>& affiliations) {
  PGconn* conn = PQconnectdb(conninfo.c_str());
  auto run = [&](const char* sql) { PQclear(PQexec(conn, sql)); };
  auto copy = [&](const char* sql, const std::function<void(std::string&)>& fill) {
    PQclear(PQexec(conn, sql));
    std::string buffer;
    fill(buffer);
    PQputCopyData(conn, buffer.data(), static_cast<int>(buffer.size()));
    PQputCopyEnd(conn, nullptr);
    while (PGresult* r = PQgetResult(conn)) {
      if (PQresultStatus(r) != PGRES_COMMAND_OK) std::cerr << "COPY failed: " << PQresultErrorMessage(r);
      PQclear(r);
    }
  };
  const auto start = Wall::now();
  run("BEGIN");
  copy(
      "COPY access_users (id, user_id, name, reading, affiliation_id, valid_from, valid_to, pin, free1, free2, free3,"
      " updated_at_ms) FROM STDIN",
      [&](std::string& b) {
        for (int i = 0; i < users; ++i)
          b += std::to_string(i + 1) + "\t" + userId(i) + "\t利用者 " + std::to_string(i) + "\tリヨウシャ\t" +
               std::to_string(affiliations[static_cast<std::size_t>(i % kAffiliations)]) +
               "\t2026-01-01\t2030-12-31\t1234\t\t\t\t0\n";
      });
  copy("COPY user_cards (card_data, user_ref) FROM STDIN", [&](std::string& b) {
    for (int i = 0; i < users; ++i) b += card(i) + "\t" + std::to_string(i + 1) + "\n";
  });
  copy("COPY user_gate_permissions (user_ref, gate_id, passable_level) FROM STDIN", [&](std::string& b) {
    for (int i = 0; i < users; ++i)
      for (int k = 0; k < kPermissionsPerUser; ++k)
        b += std::to_string(i + 1) + "\t" + std::to_string(gates[static_cast<std::size_t>(gateOf(i, k))]) + "\t1\n";
  });
  run("COMMIT");
  const double elapsed = seconds(start);
  PQfinish(conn);
  return elapsed;
}

double runImport(Database& db, const ManualClock& clock, const std::string& csv, int users) {
  domain::Domain d(db, clock, nullptr);
  const auto start = Wall::now();
  const auto report = d.userImport().run(domain::Actor::system("bench"), csv, {});
  const double elapsed = seconds(start);
  if (report.added != users || report.failed != 0)
    std::cerr << "import went wrong: " << report.added << " added, " << report.failed << " failed\n";
  return elapsed;
}

/// The domain over the imported database in a fresh process: page through the users (first and
/// deep pages) and export all of them; returns that process's peak memory (MB) and prints timings.
long domainPeakMb(const std::string& file, const ManualClock& clock, int users) {
  std::fflush(stdout);  // or the child would print the parent's buffered lines again
  const pid_t child = fork();
  if (child == 0) {
    Database db(DatabaseOptions{"sqlite", file, 2, 5000, 30000});
    domain::Domain d(db, clock, nullptr);
    const auto admin = domain::Actor::system("bench");
    domain::AccessUserQuery q;
    q.sort = domain::AccessUserQuery::Sort::Name;
    auto start = Wall::now();
    int pages = 0;
    for (; pages < 50; ++pages) {
      auto page = d.users().search(admin, q);
      q.page.cursor = page.next_cursor;
    }
    std::printf("sqlite     user list: %d pages of 100 by name: %.1f ms per page (with the total count)\n", pages,
                1000.0 * seconds(start) / pages);
    std::ofstream sink("/dev/null");
    start = Wall::now();
    const int64_t written = d.userExport().run(admin, sink);
    std::printf("sqlite     export of %lld users: %.2f s\n", static_cast<long long>(written), seconds(start));
    std::fflush(stdout);
    std::_Exit(written == users ? 0 : 1);
  }
  int status = 0;
  rusage usage{};
  wait4(child, &status, 0, &usage);
  return usage.ru_maxrss / 1024;
}

void report(const char* backend, int users, double reference, const char* referenceName, double import) {
  const double rows = static_cast<double>(users) * (2 + kPermissionsPerUser);
  std::printf("%-10s reference (%s): %7.2f s  %9.0f rows/s\n", backend, referenceName, reference, rows / reference);
  std::printf("%-10s monban import:   %7.2f s  %9.0f rows/s  (%0.0f users/s)\n", backend, import, rows / import,
              users / import);
  std::printf("%-10s import time / reference time = %.2fx; import rate = %.0f%% of the reference\n", backend,
              import / reference, 100.0 * reference / import);
}

}  // namespace

int main(int argc, char** argv) {
  int users = 300000;
  std::filesystem::path dir;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--users" && i + 1 < argc)
      users = std::atoi(argv[++i]);
    else if (a == "--dir" && i + 1 < argc)
      dir = argv[++i];
    else {
      std::cerr << "usage: monban_import_bench [--users N] [--dir DIR]\n";
      return 64;
    }
  }
  if (dir.empty()) {
    char pattern[] = "/tmp/monban-import-bench.XXXXXX";
    dir = mkdtemp(pattern);
  }
  std::filesystem::create_directories(dir);
  std::printf("machine: %ld cores; SQLite %s; PostgreSQL client %d\n", sysconf(_SC_NPROCESSORS_ONLN),
              sqlite3_libversion(), PQlibVersion());
  std::printf("rows per run: %d users + %d cards + %d permissions = %d rows\n", users, users,
              users * kPermissionsPerUser, users * (2 + kPermissionsPerUser));
  ManualClock clock(1'767'225'600'000);
  auto t = Wall::now();
  const std::string csv = generateCsv(users);
  std::printf("generated CSV: %.1f MB in %.2f s\n", static_cast<double>(csv.size()) / 1e6, seconds(t));

  std::vector<int64_t> gates, affiliations;
  {
    DatabaseOptions ref{"sqlite", (dir / "reference.db").string(), 2, 5000, 30000};
    std::filesystem::remove(ref.connection);
    auto db = prepare(ref, clock);
    lookupIds(*db, gates, affiliations);
    db.reset();
    const double reference = sqliteReference(ref.connection, users, gates, affiliations);
    DatabaseOptions imp{"sqlite", (dir / "import.db").string(), 2, 5000, 30000};
    std::filesystem::remove(imp.connection);
    auto target = prepare(imp, clock);
    const double import = runImport(*target, clock, csv, users);
    report("sqlite", users, reference, "C API prepared insert", import);
    target.reset();
    std::printf("sqlite     peak memory of a process holding the domain over %d users (paging + full export): %ld MB\n",
                users, domainPeakMb(imp.connection, clock, users));
  }
  std::printf("peak memory of the import process so far: %ld MB\n", peakRssMb());

  if (const char* conninfo = std::getenv("MONBAN_BENCH_PG_CONNINFO")) {
    auto fresh = [&](const std::string& name) {
      PGconn* admin = PQconnectdb(conninfo);
      PQclear(PQexec(admin, ("DROP DATABASE IF EXISTS " + name).c_str()));
      PQclear(PQexec(admin, ("CREATE DATABASE " + name).c_str()));
      PQfinish(admin);
      return std::string(conninfo) + " dbname=" + name;
    };
    const std::string refInfo = fresh("monban_bench_reference");
    auto refDb = prepare({"postgresql", refInfo, 2, 5000, 30000}, clock);
    lookupIds(*refDb, gates, affiliations);
    refDb.reset();
    const double reference = copyReference(refInfo, users, gates, affiliations);
    auto target = prepare({"postgresql", fresh("monban_bench_import"), 2, 5000, 30000}, clock);
    const double import = runImport(*target, clock, csv, users);
    report("postgresql", users, reference, "libpq COPY", import);
  } else {
    std::printf("postgresql: skipped (set MONBAN_BENCH_PG_CONNINFO)\n");
  }
  std::printf("peak memory of this process: %ld MB\n", peakRssMb());
  return 0;
}
