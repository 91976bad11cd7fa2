#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "monban/host/PreparedQuery.h"

namespace soci {
class session;
}  // namespace soci

namespace monban::host {

class WalCheckpointer;

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

    /// Runs a read-only query through a statement this session prepared the first time it saw
    /// the same text and parameter kinds, and hands every row to `onRow`. For the queries run on
    /// every request; build `sql` from a bounded set of shapes, since each one is kept.
    void query(const std::string& sql, const std::vector<SqlValue>& params,
               std::initializer_list<PreparedQuery::Column> columns,
               const std::function<void(const PreparedQuery&)>& onRow) const;

  private:
    Database* db_;
    std::size_t position_;
  };

  /// Waits up to the acquire timeout for a free session; throws DatabaseError when none frees.
  /// Waiters are served in the order they came: a session given back goes straight to the
  /// longest waiter, so under load no request waits behind ones that arrived after it.
  Lease acquire();

  /// How many callers of acquire() are waiting for a session now.
  std::size_t waiting();

  /// Whether a table exists, in this dialect's catalogue.
  bool tableExists(soci::session& session, const std::string& table) const;

private:
  /// A caller of acquire() waiting for a session; give_back() fills `position` and wakes it.
  struct Waiter {
    std::condition_variable woken;
    std::optional<std::size_t> position;
  };

  void openSession(soci::session& session) const;
  void giveBack(std::size_t position);

  DatabaseOptions options_;
  Dialect dialect_ = Dialect::SQLite;
  /// SQLite only; declared before the sessions, whose commits call it, so it is destroyed after.
  std::unique_ptr<WalCheckpointer> checkpointer_;
  std::vector<std::unique_ptr<soci::session>> sessions_;
  std::mutex pool_mutex_;
  std::vector<std::size_t> free_;  ///< positions of the sessions nobody holds
  std::deque<Waiter*> waiters_;    ///< oldest first
  /// Per pooled session (by position), its prepared queries by text and parameter kinds; only
  /// the lease holder touches an entry. Declared after the sessions so it goes first.
  std::vector<std::unordered_map<std::string, std::unique_ptr<PreparedQuery>>> prepared_;
};

}  // namespace monban::host
