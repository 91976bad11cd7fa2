#pragma once

#include <cstddef>
#include <memory>
#include <string>

namespace soci {
class session;
class connection_pool;
}  // namespace soci

namespace monban::host {

/// The SQL dialect behind a connection; the one place dialect differences are decided.
enum class Dialect { SQLite = 1, PostgreSQL, SqlServer };

const char* dialectName(Dialect dialect);

/// Connection settings of the database.
struct DatabaseOptions {
  std::string backend;     ///< sqlite, postgresql or odbc
  std::string connection;  ///< SQLite path, PostgreSQL conninfo or ODBC connection string
  int pool_size = 8;
  int busy_timeout_ms = 5000;
  int acquire_timeout_ms = 30000;
};

/// A pool of SOCI sessions to one database. SQLite sessions run in WAL mode with foreign keys
/// on and a busy timeout; every backend gets the same statements through the same interface.
class Database {
public:
  explicit Database(const DatabaseOptions& options);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  Dialect dialect() const { return dialect_; }
  const std::string& backend() const { return options_.backend; }

  /// A session borrowed from the pool until the lease is destroyed.
  class Lease {
  public:
    Lease(Database& db, std::size_t position);
    Lease(Lease&& other) noexcept;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    soci::session& session() const;

  private:
    Database* db_;
    std::size_t position_;
  };

  /// Waits up to the acquire timeout for a free session; throws DatabaseError when none frees.
  Lease acquire();

  /// Whether a table exists, in this dialect's catalogue.
  bool tableExists(soci::session& session, const std::string& table) const;

private:
  void openSession(soci::session& session) const;

  DatabaseOptions options_;
  Dialect dialect_ = Dialect::SQLite;
  std::unique_ptr<soci::connection_pool> pool_;
};

}  // namespace monban::host
