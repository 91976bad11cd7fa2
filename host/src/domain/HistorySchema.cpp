#include "monban/host/domain/HistorySchema.h"

#include "monban/host/SqlDialect.h"

namespace monban::host::domain {

namespace {

/// The search-term index (see HistoryTerms.h): SQLite full-text search over the terms words,
/// a GIN index over the terms array on PostgreSQL. Both buffer their writes, so ingestion pays
/// far less than for a B-tree index per filtered column. The SQLite index is kept by
/// historyTermIndexAddSql and historyTermIndexRemoveSql, not by triggers: a trigger flushes
/// the full-text buffer on every row.
std::vector<std::string> termIndex(Dialect dialect) {
  switch (dialect) {
    case Dialect::SQLite:
      return {
          "CREATE VIRTUAL TABLE history_event_terms USING fts5(terms, content='history_events',"
          " content_rowid='id', detail='none', columnsize=0, tokenize='ascii')"};
    case Dialect::PostgreSQL:
      return {"CREATE INDEX history_events_terms ON history_events USING gin (terms)"};
    case Dialect::SqlServer:
      // Not indexed yet: searches there read in time order only.
      return {};
  }
  return {};
}

}  // namespace

std::vector<Migration> historyMigrations(Dialect dialect) {
  // Subtree filters compare path prefixes as byte ranges, which needs a binary collation.
  std::string pathCollation;
  if (dialect == Dialect::PostgreSQL) pathCollation = " COLLATE \"C\"";
  if (dialect == Dialect::SqlServer) pathCollation = " COLLATE Latin1_General_BIN2";
  const std::string termsType = dialect == Dialect::PostgreSQL ? "BIGINT[]" : "{text:400}";
  // The time index serves the broad searches. On SQLite it carries the scope columns, so a
  // scan in time order tests them in the index and reads only the rows it returns; SQLite
  // appends the rowid itself. Elsewhere id breaks ties for the keyset order.
  const std::string timeColumns = dialect == Dialect::SQLite
                                      ? "occurred_at_ms, kind, management_group_id, gate_id, affiliation_path"
                                      : "occurred_at_ms, id";

  std::vector<std::string> v1 = {
      // No foreign keys: gates, users and affiliations get deleted; their history stays.
      // BIGINT, not {bigint}: SOCI reads SQLite columns declared INTEGER as 32-bit.
      "CREATE TABLE history_events (id {id}, kind INTEGER NOT NULL, occurred_at_ms BIGINT NOT NULL,"
      " received_at_ms BIGINT NOT NULL, controller_id BIGINT, event_seq BIGINT, gate_id BIGINT,"
      " management_group_id BIGINT, user_ref BIGINT, user_id {text:32}, user_name {text:64},"
      " affiliation_id BIGINT, affiliation_path {text:128}" +
          pathCollation +
          ", card_data {text:16}, direction INTEGER NOT NULL, code {text:32} NOT NULL, detail {text:512} NOT NULL,"
          " flags INTEGER NOT NULL, terms " +
          termsType + " NOT NULL)",
      // A redelivered event is recognised by its controller and sequence number.
      "{unique_where_not_null:history_events_controller_seq:history_events:controller_id,event_seq}",
      "CREATE INDEX history_events_time ON history_events (" + timeColumns + ")",
      // Every affiliation path history holds, so a subtree search can name the paths under it.
      "CREATE TABLE history_affiliation_paths (path {text:128}" + pathCollation + " NOT NULL PRIMARY KEY)",
  };
  for (auto& statement : termIndex(dialect)) v1.push_back(statement);
  Migration first{1, "access, alarm, gate-operation and gate-management history", {}};
  for (const auto& statement : v1) first.statements.push_back(portableSql(dialect, statement));
  return {first};
}

std::string historyTermIndexAddSql(Dialect dialect) {
  if (dialect != Dialect::SQLite) return {};
  return "INSERT INTO history_event_terms (rowid, terms) SELECT id, terms FROM history_events WHERE id > :after_id";
}

std::string historyAddPathsSql(Dialect dialect, std::size_t count) {
  if (dialect == Dialect::SqlServer)
    return "INSERT INTO history_affiliation_paths (path) SELECT :path WHERE NOT EXISTS"
           " (SELECT 1 FROM history_affiliation_paths WHERE path = :path2)";
  std::string values;
  for (std::size_t i = 0; i < count; ++i) values += (i == 0 ? "(:path" : ", (:path") + std::to_string(i) + ")";
  if (dialect == Dialect::SQLite) return "INSERT OR IGNORE INTO history_affiliation_paths (path) VALUES " + values;
  return "INSERT INTO history_affiliation_paths (path) VALUES " + values + " ON CONFLICT DO NOTHING";
}

std::string historyTermIndexRemoveSql(Dialect dialect, const std::string& where) {
  if (dialect != Dialect::SQLite) return {};
  // The full-text index forgets a row only when given the very terms it was indexed with.
  return "INSERT INTO history_event_terms (history_event_terms, rowid, terms) SELECT 'delete', id, terms"
         " FROM history_events WHERE " +
         where;
}

const std::vector<std::string>& historyInsertColumns() {
  static const std::vector<std::string> columns = {"kind",
                                                   "occurred_at_ms",
                                                   "received_at_ms",
                                                   "controller_id",
                                                   "event_seq",
                                                   "gate_id",
                                                   "management_group_id",
                                                   "user_ref",
                                                   "user_id",
                                                   "user_name",
                                                   "affiliation_id",
                                                   "affiliation_path",
                                                   "card_data",
                                                   "direction",
                                                   "code",
                                                   "detail",
                                                   "flags",
                                                   "terms"};
  return columns;
}

}  // namespace monban::host::domain
