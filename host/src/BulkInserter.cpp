#include "monban/host/BulkInserter.h"

#include <deque>

#include <libpq-fe.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include "monban/host/HostError.h"
#include "monban/host/SqlStatement.h"

namespace monban::host {

/// One backend's way of writing rows.
class BulkInserter::Path {
public:
  virtual ~Path() = default;
  virtual void beginRow() = 0;
  virtual void put(int64_t value) = 0;
  virtual void put(std::string_view value) = 0;
  virtual void putNull() = 0;
  virtual void endRow() = 0;
  virtual void finish() = 0;
};

namespace {

// SOCI declares the SQLite C API inside this namespace.
using namespace sqlite_api;

std::string joined(const std::vector<std::string>& columns) {
  std::string out;
  for (const auto& c : columns) out += (out.empty() ? "" : ", ") + c;
  return out;
}

/// SQLite: one prepared statement, bound and stepped per row.
class SqlitePath final : public BulkInserter::Path {
public:
  SqlitePath(soci::session& session, const std::string& table, const std::vector<std::string>& columns)
      : table_(table) {
    db_ = static_cast<soci::sqlite3_session_backend*>(session.get_backend())->conn_;
    std::string sql = "INSERT INTO " + table + " (" + joined(columns) + ") VALUES (";
    for (std::size_t i = 0; i < columns.size(); ++i) sql += i == 0 ? "?" : ", ?";
    sql += ")";
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &statement_, nullptr) != SQLITE_OK)
      throw DatabaseError("cannot prepare bulk insert into " + table + ": " + sqlite3_errmsg(db_));
  }
  ~SqlitePath() override { sqlite3_finalize(statement_); }

  void beginRow() override { column_ = 0; }
  void put(int64_t value) override { sqlite3_bind_int64(statement_, ++column_, value); }
  void put(std::string_view value) override {
    sqlite3_bind_text(statement_, ++column_, value.data(), static_cast<int>(value.size()), SQLITE_STATIC);
  }
  void putNull() override { sqlite3_bind_null(statement_, ++column_); }
  void endRow() override {
    const int rc = sqlite3_step(statement_);
    sqlite3_reset(statement_);
    if (rc != SQLITE_DONE) throw DatabaseError("bulk insert into " + table_ + " failed: " + sqlite3_errmsg(db_));
  }
  void finish() override {}

private:
  std::string table_;
  sqlite3* db_ = nullptr;
  sqlite3_stmt* statement_ = nullptr;
  int column_ = 0;
};

/// PostgreSQL: COPY in text format through the libpq connection under SOCI's session.
class CopyPath final : public BulkInserter::Path {
public:
  CopyPath(soci::session& session, const std::string& table, const std::vector<std::string>& columns) : table_(table) {
    conn_ = static_cast<soci::postgresql_session_backend*>(session.get_backend())->conn_;
    const std::string sql = "COPY " + table + " (" + joined(columns) + ") FROM STDIN";
    PGresult* result = PQexec(conn_, sql.c_str());
    const bool ok = PQresultStatus(result) == PGRES_COPY_IN;
    PQclear(result);
    if (!ok) throw DatabaseError("cannot start COPY into " + table + ": " + PQerrorMessage(conn_));
    buffer_.reserve(kFlushBytes + 4096);
  }
  ~CopyPath() override {
    if (!ended_) {
      PQputCopyEnd(conn_, "bulk insert abandoned");
      drainResults();
    }
  }

  void beginRow() override { first_ = true; }
  void put(int64_t value) override {
    separate();
    buffer_ += std::to_string(value);
  }
  void put(std::string_view value) override {
    separate();
    for (char c : value) {
      switch (c) {
        case '\\':
          buffer_ += "\\\\";
          break;
        case '\t':
          buffer_ += "\\t";
          break;
        case '\n':
          buffer_ += "\\n";
          break;
        case '\r':
          buffer_ += "\\r";
          break;
        default:
          buffer_ += c;
      }
    }
  }
  void putNull() override {
    separate();
    buffer_ += "\\N";
  }
  void endRow() override {
    buffer_ += '\n';
    if (buffer_.size() >= kFlushBytes) flush();
  }
  void finish() override {
    flush();
    ended_ = true;
    if (PQputCopyEnd(conn_, nullptr) != 1)
      throw DatabaseError("COPY into " + table_ + " failed: " + PQerrorMessage(conn_));
    const std::string error = drainResults();
    if (!error.empty()) throw DatabaseError("COPY into " + table_ + " failed: " + error);
  }

private:
  static constexpr std::size_t kFlushBytes = 1 << 20;

  void separate() {
    if (!first_) buffer_ += '\t';
    first_ = false;
  }
  void flush() {
    if (buffer_.empty()) return;
    if (PQputCopyData(conn_, buffer_.data(), static_cast<int>(buffer_.size())) != 1)
      throw DatabaseError("COPY into " + table_ + " failed: " + PQerrorMessage(conn_));
    buffer_.clear();
  }
  std::string drainResults() {
    std::string error;
    while (PGresult* result = PQgetResult(conn_)) {
      if (PQresultStatus(result) != PGRES_COMMAND_OK && error.empty()) error = PQresultErrorMessage(result);
      PQclear(result);
    }
    return error;
  }

  std::string table_;
  PGconn* conn_ = nullptr;
  std::string buffer_;
  bool first_ = true;
  bool ended_ = false;
};

/// Any other backend: multi-row INSERT statements through SOCI.
class MultiRowPath final : public BulkInserter::Path {
public:
  MultiRowPath(soci::session& session, const std::string& table, const std::vector<std::string>& columns)
      : session_(session), table_(table), columns_(columns) {
    // SQL Server allows 1,000 rows per VALUES list and 2,100 parameters per statement.
    rows_per_statement_ = std::max<std::size_t>(1, std::min<std::size_t>(1000, 2000 / columns.size()));
  }
  void beginRow() override {}
  void put(int64_t value) override { values_.emplace_back(value); }
  void put(std::string_view value) override { values_.emplace_back(std::string(value)); }
  void putNull() override { values_.emplace_back(std::monostate{}); }
  void endRow() override {
    if (values_.size() >= rows_per_statement_ * columns_.size()) flush();
  }
  void finish() override { flush(); }

private:
  void flush() {
    if (values_.empty()) return;
    const std::size_t rows = values_.size() / columns_.size();
    std::string sql = "INSERT INTO " + table_ + " (" + joined(columns_) + ") VALUES ";
    std::size_t n = 0;
    for (std::size_t r = 0; r < rows; ++r) {
      sql += r == 0 ? "(" : ", (";
      for (std::size_t c = 0; c < columns_.size(); ++c) sql += (c == 0 ? ":p" : ", :p") + std::to_string(n++);
      sql += ")";
    }
    executeSql(session_, sql, values_);
    values_.clear();
  }

  soci::session& session_;
  std::string table_;
  std::vector<std::string> columns_;
  std::size_t rows_per_statement_;
  std::vector<SqlValue> values_;
};

}  // namespace

BulkInserter::BulkInserter(soci::session& session, const Database& database, std::string table,
                           std::vector<std::string> columns) {
  if (database.backend() == "sqlite")
    path_ = std::make_unique<SqlitePath>(session, table, columns);
  else if (database.backend() == "postgresql")
    path_ = std::make_unique<CopyPath>(session, table, columns);
  else
    path_ = std::make_unique<MultiRowPath>(session, table, columns);
}

BulkInserter::~BulkInserter() = default;

void BulkInserter::beginRow() {
  if (finished_) throw DatabaseError("bulk insert already finished");
  path_->beginRow();
}
void BulkInserter::put(int64_t value) {
  path_->put(value);
}
void BulkInserter::put(std::string_view value) {
  path_->put(value);
}
void BulkInserter::putNull() {
  path_->putNull();
}
void BulkInserter::endRow() {
  path_->endRow();
  ++rows_;
}
void BulkInserter::finish() {
  if (finished_) return;
  finished_ = true;
  path_->finish();
}

}  // namespace monban::host
