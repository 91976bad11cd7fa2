#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "monban/host/Database.h"
#include "monban/host/Migrator.h"

namespace monban::host::domain {

/// Migrations of component "history": history_events (access, alarm, gate-operation and
/// gate-management history) with its search terms and their index (HistoryTerms.h), and
/// history_affiliation_paths (every affiliation path in history_events). HistoryStore::append
/// keeps all of them; any other writer must do as it does.
std::vector<Migration> historyMigrations(Dialect dialect);

/// The columns a bulk insert into history_events fills, in the order the writer puts them.
const std::vector<std::string>& historyInsertColumns();

/// Adds the rows with id above :after_id to the search-term index, where the dialect keeps it
/// apart from the table (SQLite); empty elsewhere. Run in the transaction that inserted them.
std::string historyTermIndexAddSql(Dialect dialect);

/// Records `count` affiliation paths (:path0, :path1, ...) unless already recorded; SQL Server
/// takes one path, twice.
std::string historyAddPathsSql(Dialect dialect, std::size_t count);

/// Removes the rows matching `where` (over history_events) from the search-term index; empty
/// where the index follows the table by itself. Run just before deleting those rows.
std::string historyTermIndexRemoveSql(Dialect dialect, const std::string& where);

}  // namespace monban::host::domain
