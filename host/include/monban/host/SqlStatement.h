#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <variant>
#include <vector>

#include "monban/host/HostError.h"

namespace soci {
class session;
}

namespace monban::host {

/// A parameter or column value: null, integer, real or text.
using SqlValue = std::variant<std::monostate, int64_t, double, std::string>;

/// One result row with its column names.
struct SqlRow {
  const std::vector<std::string>* names;
  std::vector<SqlValue> values;
};

/// A value as an integer (text is parsed, real truncated); `fallback` for null.
int64_t sqlInteger(const SqlValue& value, int64_t fallback = 0);

/// A value as text; empty for null.
std::string sqlText(const SqlValue& value);

/// Runs a statement whose parameters are known only at run time (the SDK's database calls and
/// the migrator), on any backend. Placeholders are `:name`, bound in order of appearance.
/// Throws DatabaseError with the backend's message.
int64_t executeSql(soci::session& session, const std::string& sql, const std::vector<SqlValue>& params);

/// The first column of the first row as an integer; `fallback` when there is no row.
int64_t queryInteger(soci::session& session, const std::string& sql, const std::vector<SqlValue>& params,
                     int64_t fallback = 0);

/// Whether `error` reports a unique-constraint violation, in any backend's words.
bool isUniqueViolation(const DatabaseError& error);

/// Runs a query and hands each row to `onRow` until it returns false.
void querySql(soci::session& session, const std::string& sql, const std::vector<SqlValue>& params,
              const std::function<bool(const SqlRow&)>& onRow);

}  // namespace monban::host
