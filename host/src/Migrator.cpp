#include "monban/host/Migrator.h"

#include <soci/soci.h>

#include "monban/host/HostError.h"
#include "monban/host/SqlStatement.h"

namespace monban::host {

namespace {

constexpr const char* kTable = "monban_schema_migrations";
// Any fixed number: the key of the advisory lock that serialises migrations across hosts.
constexpr int64_t kMigrationLockKey = 0x6d6f6e62616e;

}  // namespace

void Migrator::ensureTable() {
  Database::Lease lease = database_.acquire();
  if (database_.tableExists(lease.session(), kTable)) return;
  try {
    executeSql(lease.session(),
               std::string("CREATE TABLE ") + kTable +
                   " (component VARCHAR(64) NOT NULL, version INTEGER NOT NULL, description VARCHAR(200) NOT NULL,"
                   " applied_at_ms BIGINT NOT NULL, PRIMARY KEY (component, version))",
               {});
  } catch (const DatabaseError&) {
    // Another host may have created it in the meantime.
    if (!database_.tableExists(lease.session(), kTable)) throw;
  }
}

int64_t Migrator::recordedVersion(soci::session& session, const std::string& component) {
  int64_t version = 0;
  querySql(session, std::string("SELECT MAX(version) FROM ") + kTable + " WHERE component = :c", {component},
           [&](const SqlRow& row) {
             version = sqlInteger(row.values[0]);
             return false;
           });
  return version;
}

int Migrator::currentVersion(const std::string& component) {
  ensureTable();
  Database::Lease lease = database_.acquire();
  return static_cast<int>(recordedVersion(lease.session(), component));
}

int Migrator::apply(const std::string& component, const std::vector<Migration>& migrations) {
  for (std::size_t i = 0; i < migrations.size(); ++i) {
    if (migrations[i].version < 1)
      throw DatabaseError(component + ": migration version " + std::to_string(migrations[i].version) + " is below 1");
    if (i > 0 && migrations[i].version <= migrations[i - 1].version)
      throw DatabaseError(component + ": migration versions must ascend without repeats (" +
                          std::to_string(migrations[i - 1].version) + " then " + std::to_string(migrations[i].version) +
                          ")");
  }
  ensureTable();
  const int newest = migrations.empty() ? 0 : migrations.back().version;
  const int64_t recorded = recordedVersion(database_.acquire().session(), component);
  if (recorded > newest)
    throw DatabaseError(component + ": the database schema is at version " + std::to_string(recorded) +
                        ", newer than this release knows (" + std::to_string(newest) + ")");
  int ran = 0;
  for (const Migration& m : migrations) {
    if (m.version <= recorded) continue;
    Database::Lease lease = database_.acquire();
    soci::session& session = lease.session();
    soci::transaction tx(session);
    try {
      // Serialise migrations across hosts sharing the database; the lock ends with the transaction.
      if (database_.dialect() == Dialect::PostgreSQL)
        executeSql(session, "SELECT pg_advisory_xact_lock(:k)", {kMigrationLockKey});
      else if (database_.dialect() == Dialect::SqlServer)
        executeSql(session,
                   "EXEC sp_getapplock @Resource = 'monban_schema_migrations', @LockMode = 'Exclusive', "
                   "@LockOwner = 'Transaction'",
                   {});
      // Another host may have applied it since the check above.
      if (recordedVersion(session, component) >= m.version) continue;
      for (const std::string& statement : m.statements) executeSql(session, statement, {});
      executeSql(session,
                 std::string("INSERT INTO ") + kTable +
                     " (component, version, description, applied_at_ms) VALUES (:c, :v, :d, :t)",
                 {component, static_cast<int64_t>(m.version), m.description, clock_.nowMs()});
      tx.commit();
      ++ran;
    } catch (const DatabaseError& e) {
      throw DatabaseError(component + " migration " + std::to_string(m.version) + " (" + m.description +
                          ") failed and was rolled back: " + e.what());
    }
  }
  return ran;
}

std::vector<AppliedMigration> Migrator::applied() {
  ensureTable();
  Database::Lease lease = database_.acquire();
  std::vector<AppliedMigration> out;
  querySql(lease.session(),
           std::string("SELECT component, version, description, applied_at_ms FROM ") + kTable +
               " ORDER BY component, version",
           {}, [&](const SqlRow& row) {
             out.push_back({sqlText(row.values[0]), static_cast<int>(sqlInteger(row.values[1])), sqlText(row.values[2]),
                            sqlInteger(row.values[3])});
             return true;
           });
  return out;
}

const std::vector<Migration>& hostMigrations() {
  static const std::vector<Migration> migrations = {
      {1,
       "host settings",
       {"CREATE TABLE monban_host_settings (setting_key VARCHAR(100) NOT NULL PRIMARY KEY,"
        " setting_value VARCHAR(1000) NOT NULL)"}},
  };
  return migrations;
}

}  // namespace monban::host
