#include "monban/host/Database.h"

#include <soci/connection-pool.h>
#include <soci/odbc/soci-odbc.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include "monban/host/HostError.h"

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
  pool_ = std::make_unique<soci::connection_pool>(static_cast<std::size_t>(options_.pool_size));
  prepared_.resize(static_cast<std::size_t>(options_.pool_size));
  try {
    for (int i = 0; i < options_.pool_size; ++i) openSession(pool_->at(static_cast<std::size_t>(i)));
  } catch (const soci::soci_error& e) {
    throw DatabaseError("cannot open the " + options_.backend + " database: " + e.get_error_message());
  }
  if (options_.backend == "postgresql") {
    dialect_ = Dialect::PostgreSQL;
  } else if (options_.backend == "odbc") {
    auto* backend = static_cast<soci::odbc_session_backend*>(pool_->at(0).get_backend());
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
    session << ("PRAGMA busy_timeout=" + std::to_string(options_.busy_timeout_ms));
  } else if (options_.backend == "postgresql") {
    session.open(soci::postgresql, options_.connection);
  } else {
    session.open(soci::odbc, options_.connection);
  }
}

Database::Lease Database::acquire() {
  std::size_t position = 0;
  if (!pool_->try_lease(position, options_.acquire_timeout_ms))
    throw DatabaseError("no free database session after " + std::to_string(options_.acquire_timeout_ms) +
                        " ms (database.pool_size is " + std::to_string(options_.pool_size) + ")");
  return Lease(*this, position);
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
  if (db_ != nullptr) db_->pool_->give_back(position_);
}

soci::session& Database::Lease::session() const {
  return db_->pool_->at(position_);
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
