#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "monban/host/Database.h"
#include "monban/host/SqlStatement.h"
#include "monban/host/domain/Actor.h"
#include "monban/host/domain/HistoryQuery.h"

namespace monban::host::domain {

/// How a page is found. Terms: the rows holding the search terms are read whole and sorted,
/// cheap when they are few. Time: the time index is read newest first until the page is full,
/// cheap when matching rows are common. On SQLite the store picks one by counting the term
/// rows (its planner has no statistics to weigh them). Planner: one statement with both the
/// term and the column conditions, for a database whose planner weighs them by its statistics
/// (PostgreSQL).
enum class HistoryPlan { Time, Terms, Planner };

/// A search reduced to what the SQL must match: the query's filters intersected with the
/// actor's scope, validated.
struct HistoryConditions {
  std::optional<int64_t> from_ms;
  std::optional<int64_t> to_ms;
  std::optional<HistoryCursor> after;  ///< only rows older than this position
  std::vector<int64_t> kinds;
  bool restrict_groups = false;  ///< only management_group_id in group_ids (never NULL)
  std::vector<int64_t> group_ids;
  std::vector<int64_t> gate_ids;
  bool restrict_paths = false;  ///< only affiliation_path under one of path_prefixes (never NULL)
  std::vector<std::string> path_prefixes;
  /// Paths whose affiliation terms together cover every row under path_prefixes: shallow
  /// prefixes themselves, deeper ones by their recorded paths or, when those are too many, by
  /// their ancestor at kHistoryPrefixTermDepth. nullopt when not worked out.
  std::optional<std::vector<std::string>> term_paths;
  std::string user_id;
  std::string code;
  int limit = 100;
  /// Scope and filters leave nothing to find.
  bool matches_nothing = false;
};

/// Validates `query` (limit, cursor, range, kinds: DomainError "invalid" naming the field) and
/// applies the actor's scope. `affiliationPath` gives the path of an affiliation id, nullopt
/// when there is none ("not_found"). Does not check the History right.
HistoryConditions resolveHistoryConditions(const Actor& actor, const HistoryQuery& query,
                                           const std::function<std::optional<std::string>(int64_t)>& affiliationPath);

/// The search terms every matching row holds: all of the groups, one term of each group.
/// Empty when no filter narrows by terms.
std::vector<std::vector<int64_t>> historyTermGroups(const HistoryConditions& conditions);

/// The groups a term search matches: historyTermGroups without the wide groups that would
/// slow the match more than they narrow it.
std::vector<std::vector<int64_t>> historyMatchGroups(const HistoryConditions& conditions);

/// The default for HistoryStoreOptions::term_plan_rows: the term plan is taken below this many
/// term rows, for pages of `limit` rows out of about `tableRows`. Balances the two plans' worst
/// cases: reading and sorting this many rows against scanning for a page among rows this common.
int64_t historyTermPlanRows(Dialect dialect, int limit, int64_t tableRows);

/// The plan for the conditions, given how many rows hold the search terms (counted up to
/// `termPlanRows`); nullopt when they were not counted.
HistoryPlan chooseHistoryPlan(const HistoryConditions& conditions, std::optional<int64_t> termRows,
                              int64_t termPlanRows);

/// The columns of history_events in the order historyRecordFromRow reads them.
std::string historyColumnsSql(Dialect dialect);
HistoryRecord historyRecordFromRow(const SqlRow& row);

/// "a AND b AND ..." over the conditions, parameters appended in placeholder order; empty when
/// nothing restricts the rows.
std::string historyWhereSql(const HistoryConditions& conditions, std::vector<SqlValue>& params);

/// The SELECT of one page (limit + 1 rows, to learn whether another page follows). The term
/// plan reads the rows `termIds` names ("4,8,15", from the probe).
std::string historyPageSql(Dialect dialect, const HistoryConditions& conditions, HistoryPlan plan,
                           const std::string& termIds, std::vector<SqlValue>& params);

/// Most recorded paths a subtree search names one by one.
inline constexpr int64_t kHistoryMaxSubtreePaths = 128;

/// The recorded affiliation paths under `prefixes`, at most kHistoryMaxSubtreePaths + 1.
std::string historyStoredPathsSql(Dialect dialect, const std::vector<std::string>& prefixes,
                                  std::vector<SqlValue>& params);

/// The rows holding the search terms, up to `limit`: their count (n) and ids ("4,8,15"); empty
/// when the dialect has no term index or the conditions no terms. A count below the limit lets
/// the term plan read exactly those rows.
std::string historyTermProbeSql(Dialect dialect, const HistoryConditions& conditions, int64_t limit,
                                std::vector<SqlValue>& params);

}  // namespace monban::host::domain
