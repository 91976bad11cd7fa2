#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "monban/host/Database.h"

namespace soci {
class session;
}

namespace monban::host {

/// Appends many rows to one table inside the caller's transaction by the fastest path the
/// backend has: a reused native prepared statement on SQLite, `COPY ... FROM STDIN` on
/// PostgreSQL (SOCI's own binding makes one round trip per row), multi-row INSERTs otherwise.
/// Values are given column by column between beginRow() and endRow(); text must stay valid
/// until endRow(). Constraint errors surface as DatabaseError, on PostgreSQL at finish() at the
/// latest; the caller then rolls its transaction back.
class BulkInserter {
public:
  BulkInserter(soci::session& session, const Database& database, std::string table, std::vector<std::string> columns);
  ~BulkInserter();
  BulkInserter(const BulkInserter&) = delete;
  BulkInserter& operator=(const BulkInserter&) = delete;

  void beginRow();
  void put(int64_t value);
  void put(std::string_view value);
  void putNull();
  /// Text when non-empty, NULL when empty.
  void putTextOrNull(std::string_view value) { value.empty() ? putNull() : put(value); }
  void endRow();

  /// Sends what is buffered and ends the bulk operation; further rows are refused.
  void finish();

  int64_t rows() const { return rows_; }

  class Path;

private:
  std::unique_ptr<Path> path_;
  int64_t rows_ = 0;
  bool finished_ = false;
};

}  // namespace monban::host
