#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "monban/host/HostError.h"
#include "monban/host/SqlDialect.h"
#include "monban/host/SqlStatement.h"
#include "monban/host/domain/DomainError.h"

namespace monban::host::domain {

/// Runs `body`; a unique-constraint violation in it reads as DomainError "conflict":
/// "<what> already exists".
template <class F>
auto uniqueAs(const std::string& what, F&& body) {
  try {
    return body();
  } catch (const DatabaseError& e) {
    if (isUniqueViolation(e)) throw DomainError("conflict", what + " already exists");
    throw;
  }
}

/// Inserts one row and returns its new id; a taken unique key is a conflict naming `what`.
inline int64_t insertWithId(soci::session& s, Dialect dialect, const std::string& table, const std::string& columns,
                            const std::string& placeholders, const std::vector<SqlValue>& values,
                            const std::string& what) {
  return uniqueAs(what, [&] {
    int64_t id = 0;
    querySql(s, insertReturningIdSql(dialect, table, columns, placeholders), values, [&](const SqlRow& row) {
      id = sqlInteger(row.values[0]);
      return false;
    });
    return id;
  });
}

}  // namespace monban::host::domain
