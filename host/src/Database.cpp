#include "monban/host/Database.h"

#include <chrono>

#include <soci/odbc/soci-odbc.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include "monban/host/HostError.h"
#include "monban/host/WalCheckpointer.h"

namespace monban::host {

const char* dialectName(Dialect dialect) {
  switch (dialect) {
    case Dialect::SQLite:
      return "sqlite";
    case Dialect::PostgreSQL:
      return "postgresql";
    case Dialect::SqlServer:
      return "sqlserver";
  }
  return "unknown";
}

namespace {

constexpr int64_t kSqliteSoftHeapLimitBytes = int64_t{128} << 20;

std::string quoted(const std::string& value) {
  std::string out = "\"";
  for (char c : value) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace

Database::Database(const DatabaseOptions& options) : options_(options) {
  if (options_.backend != "sqlite" && options_.backend != "postgresql" && options_.backend != "odbc")
    throw DatabaseError("unknown database backend '" + options_.backend + "' (sqlite, postgresql or odbc)");
  const auto size = static_cast<std::size_t>(options_.pool_size);
  prepared_.resize(size);
  try {
    for (std::size_t i = 0; i < size; ++i) {
      sessions_.push_back(std::make_unique<soci::session>());
      openSession(*sessions_.back());
      free_.push_back(size - 1 - i);  // taken from the back: session 0 first
    }
    // After the sessions, which create the file.
    if (options_.backend == "sqlite" && options_.connection != ":memory:") {
      checkpointer_ = std::make_unique<WalCheckpointer>(options_.connection, options_.busy_timeout_ms);
      for (auto& session : sessions_) checkpointer_->attach(*session);
    }
  } catch (const soci::soci_error& e) {
    throw DatabaseError("cannot open the " + options_.backend + " database: " + e.get_error_message());
  }
  if (options_.backend == "postgresql") {
    dialect_ = Dialect::PostgreSQL;
  } else if (options_.backend == "odbc") {
    auto* backend = static_cast<soci::odbc_session_backend*>(sessions_.front()->get_backend());
    switch (backend->get_database_product()) {
      case soci::odbc_session_backend::prod_postgresql:
        dialect_ = Dialect::PostgreSQL;
        break;
      case soci::odbc_session_backend::prod_mssql:
        dialect_ = Dialect::SqlServer;
        break;
      default:
        throw DatabaseError("the ODBC data source is neither SQL Server nor PostgreSQL");
    }
  }
}

Database::~Database() = default;

void Database::openSession(soci::session& session) const {
  if (options_.backend == "sqlite") {
    session.open(soci::sqlite3, "db=" + quoted(options_.connection) +
                                    " timeout=" + std::to_string((options_.busy_timeout_ms + 999) / 1000));
    session << "PRAGMA journal_mode=WAL";
    session << "PRAGMA foreign_keys=ON";
    session << "PRAGMA synchronous=NORMAL";
    session << "PRAGMA cache_size=-32768";
    // Process-wide: past this, SQLite's page caches reuse their own pages instead of growing, so
    // the pool's sessions together stay near it (8 full caches would be 256 MiB).
    session << "PRAGMA soft_heap_limit=" + std::to_string(kSqliteSoftHeapLimitBytes);
    session << ("PRAGMA busy_timeout=" + std::to_string(options_.busy_timeout_ms));
  } else if (options_.backend == "postgresql") {
    session.open(soci::postgresql, options_.connection);
  } else {
    session.open(soci::odbc, options_.connection);
  }
}

Database::Lease Database::acquire() {
  std::unique_lock lock(pool_mutex_);
  if (waiters_.empty() && !free_.empty()) {
    const std::size_t position = free_.back();
    free_.pop_back();
    return Lease(*this, position);
  }
  Waiter waiter;
  waiters_.push_back(&waiter);
  const bool served = waiter.woken.wait_for(lock, std::chrono::milliseconds(options_.acquire_timeout_ms),
                                            [&] { return waiter.position.has_value(); });
  if (!served) {
    std::erase(waiters_, &waiter);
    throw DatabaseError("no free database session after " + std::to_string(options_.acquire_timeout_ms) +
                        " ms (database.pool_size is " + std::to_string(options_.pool_size) + ")");
  }
  return Lease(*this, *waiter.position);
}

std::size_t Database::waiting() {
  std::lock_guard lock(pool_mutex_);
  return waiters_.size();
}

void Database::giveBack(std::size_t position) {
  std::lock_guard lock(pool_mutex_);
  if (waiters_.empty()) {
    free_.push_back(position);
    return;
  }
  Waiter* next = waiters_.front();
  waiters_.pop_front();
  next->position = position;
  // Notified under the lock: the waiter cannot time out, leave and destroy `woken` meanwhile.
  next->woken.notify_one();
}

bool Database::tableExists(soci::session& session, const std::string& table) const {
  int count = 0;
  if (dialect_ == Dialect::SQLite) {
    session << "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = :t", soci::use(table),
        soci::into(count);
  } else {
    const char* schema = dialect_ == Dialect::PostgreSQL ? "current_schema()" : "SCHEMA_NAME()";
    session << (std::string("SELECT COUNT(*) FROM information_schema.tables WHERE LOWER(table_name) = "
                            "LOWER(:t) AND table_schema = ") +
                schema),
        soci::use(table), soci::into(count);
  }
  return count > 0;
}

Database::Lease::Lease(Database& db, std::size_t position) : db_(&db), position_(position) {}

Database::Lease::Lease(Lease&& other) noexcept : db_(other.db_), position_(other.position_) {
  other.db_ = nullptr;
}

Database::Lease::~Lease() {
  if (db_ != nullptr) db_->giveBack(position_);
}

soci::session& Database::Lease::session() const {
  return *db_->sessions_[position_];
}

void Database::Lease::query(const std::string& sql, const std::vector<SqlValue>& params,
                            std::initializer_list<PreparedQuery::Column> columns,
                            const std::function<void(const PreparedQuery&)>& onRow) const {
  // Enough for the shapes of the lists; a session that somehow sees more starts over.
  constexpr std::size_t kMostPrepared = 64;
  auto& prepared = db_->prepared_[position_];
  std::string key = PreparedQuery::signature(params);
  key += '\x1f';
  key += sql;
  auto it = prepared.find(key);
  if (it == prepared.end()) {
    if (prepared.size() >= kMostPrepared) prepared.clear();
    it = prepared.emplace(std::move(key), std::make_unique<PreparedQuery>(session(), sql, params, columns)).first;
  }
  try {
    it->second->run(params, onRow);
  } catch (...) {
    // A statement left part-way through would hold SQLite's read snapshot; drop it.
    prepared.erase(it);
    throw;
  }
}

}  // namespace monban::host
