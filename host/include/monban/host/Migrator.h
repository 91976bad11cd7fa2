#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "monban/host/Clock.h"
#include "monban/host/Database.h"

namespace soci {
class session;
}

namespace monban::host {

/// One schema version of a component (the host or a plugin).
struct Migration {
  int version = 0;
  std::string description;
  std::vector<std::string> statements;
};

/// A migration recorded as applied.
struct AppliedMigration {
  std::string component;
  int version = 0;
  std::string description;
  int64_t applied_at_ms = 0;
};

/// Applies versioned migrations and records them in monban_schema_migrations. Each migration runs
/// in its own transaction with its record, so a failure leaves the schema at the last good
/// version; on PostgreSQL an advisory lock keeps two hosts from migrating at once.
class Migrator {
public:
  Migrator(Database& database, const Clock& clock) : database_(database), clock_(clock) {}

  /// Applies the migrations of `component` not yet applied; returns how many ran. Refuses
  /// unordered or duplicate versions, and a database newer than the migrations known.
  int apply(const std::string& component, const std::vector<Migration>& migrations);

  /// Every recorded migration, ordered by component and version.
  std::vector<AppliedMigration> applied();

  /// The highest applied version of a component, 0 when none.
  int currentVersion(const std::string& component);

private:
  void ensureTable();
  /// MAX(version) recorded for `component` on this session, 0 when none.
  static int64_t recordedVersion(soci::session& session, const std::string& component);

  Database& database_;
  const Clock& clock_;
};

/// The host's own schema.
const std::vector<Migration>& hostMigrations();

}  // namespace monban::host
