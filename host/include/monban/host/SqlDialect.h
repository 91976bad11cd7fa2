#pragma once

#include <string>

#include "monban/host/Database.h"

namespace monban::host {

/// Turns a portable schema statement into `dialect`'s SQL. Placeholders:
///   {id}       an auto-numbered 64-bit primary key column type
///   {bigint}   a 64-bit integer (BIGINT everywhere: SOCI reads SQLite INTEGER columns as 32-bit)
///   {text:N}   text of at most N characters (bounded so SQL Server can index it)
///   {clob}     unbounded text
///   {unique_where_not_null:NAME:TABLE:COLS} a unique index that ignores rows whose first column is NULL
/// Everything else passes through unchanged.
std::string portableSql(Dialect dialect, const std::string& statement);

/// " LIMIT n" (SQLite, PostgreSQL) or " OFFSET 0 ROWS FETCH NEXT n ROWS ONLY" (SQL Server);
/// appended after an ORDER BY.
std::string limitSql(Dialect dialect, int64_t rows);

/// The suffix or infix that makes an INSERT return the new row's `id` column: SQLite and
/// PostgreSQL take " RETURNING id" after VALUES; SQL Server takes " OUTPUT INSERTED.id" before it.
/// Builds the whole statement: INSERT INTO table (columns) VALUES (placeholders) + id return.
std::string insertReturningIdSql(Dialect dialect, const std::string& table, const std::string& columns,
                                 const std::string& placeholders);

}  // namespace monban::host
