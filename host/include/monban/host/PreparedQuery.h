#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "monban/host/SqlStatement.h"

namespace soci {
class session;
class statement;
}  // namespace soci

namespace monban::host {

/// A query prepared once on one pooled session and run again with new parameter values, its
/// result columns read into typed buffers that keep their capacity from row to row. The lists
/// that are paged through constantly (the access users) would otherwise spend most of their time
/// parsing the same SQL and allocating a variant for every value. Database::Lease::query keeps one
/// per statement text and session; use that rather than this class directly.
class PreparedQuery {
public:
  enum class Column { Integer = 1, Text };

  /// Prepares `sql`; `params` fixes how many parameters there are and of which kind (their
  /// values are bound at each run).
  PreparedQuery(soci::session& session, const std::string& sql, const std::vector<SqlValue>& params,
                std::vector<Column> columns);
  ~PreparedQuery();
  PreparedQuery(const PreparedQuery&) = delete;
  PreparedQuery& operator=(const PreparedQuery&) = delete;

  /// Runs the query with `params` (the kinds it was prepared with) and hands every row to
  /// `onRow`, which reads it through the accessors below. Every row is fetched, so SQLite ends
  /// the statement's read transaction. Throws DatabaseError.
  void run(const std::vector<SqlValue>& params, const std::function<void(const PreparedQuery&)>& onRow);

  bool isNull(std::size_t column) const;
  /// The column of the current row as an integer; 0 for null.
  int64_t integer(std::size_t column) const;
  /// The column of the current row as text; empty for null.
  const std::string& text(std::size_t column) const;

  /// What, besides the statement text, a prepared query depends on: its parameters' kinds.
  static std::string signature(const std::vector<SqlValue>& params);

private:
  struct Slot;

  std::string sql_;
  std::vector<Slot> params_;
  std::vector<Slot> columns_;
  std::unique_ptr<soci::statement> statement_;
};

}  // namespace monban::host
