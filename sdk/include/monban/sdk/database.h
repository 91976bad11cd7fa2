/* Monban SDK: values, rows and migrations of the database interface. */
#ifndef MONBAN_SDK_DATABASE_H
#define MONBAN_SDK_DATABASE_H

#include <monban/sdk/abi.h>

#ifdef __cplusplus
extern "C" {
#endif

/** A session borrowed from the host's pool; opaque. (since 1.0) */
typedef struct monban_db monban_db;

/** Types of database values. (since 1.0) */
#define MONBAN_DB_NULL 1
#define MONBAN_DB_INTEGER 2
#define MONBAN_DB_REAL 3
#define MONBAN_DB_TEXT 4

/** A bound parameter or a column value. Only the member named by `type` is meaningful.
 *  Frozen in v1. (since 1.0) */
typedef struct monban_db_value {
  int32_t type;
  int64_t integer_value;
  double real_value;
  const char* text_value; /**< UTF-8, NUL-terminated */
} monban_db_value;

/** One result row, valid only during the row handler call. (since 1.0) */
typedef struct monban_db_row {
  uint32_t column_count;
  const monban_db_value* values;
  const char* const* column_names;
} monban_db_row;

/** Receives each row of a query; return 0 to go on, anything else to stop early. (since 1.0) */
typedef int32_t (*monban_db_row_handler)(void* user_data, const monban_db_row* row);

/** One schema version of a plugin. Migrations are applied in ascending `version`, each in its own
 *  transaction, and recorded so each runs once. Statements run in order; write SQL that runs on
 *  every dialect, or choose statements by the dialect the host reports. Frozen in v1. (since 1.0) */
typedef struct monban_migration {
  uint32_t version; /**< 1, 2, 3 ...; never reuse or reorder a published version */
  const char* description;
  const char* const* statements;
  uint32_t statement_count;
} monban_migration;

#ifdef __cplusplus
}
#endif

#endif
