#include "monban/host/domain/HistorySearch.h"

#include <algorithm>
#include <cmath>

#include "monban/host/SqlDialect.h"
#include "monban/host/domain/DomainError.h"
#include "monban/host/domain/HistoryTerms.h"

namespace monban::host::domain {

namespace {

bool startsWith(const std::string& text, const std::string& prefix) {
  return text.compare(0, prefix.size(), prefix) == 0;
}

/// Drops prefixes that lie under another one, so no row is matched twice by overlapping ranges.
std::vector<std::string> outermost(std::vector<std::string> prefixes) {
  std::sort(prefixes.begin(), prefixes.end());
  prefixes.erase(std::unique(prefixes.begin(), prefixes.end()), prefixes.end());
  std::vector<std::string> out;
  for (const auto& p : prefixes)
    if (out.empty() || !startsWith(p, out.back())) out.push_back(p);
  return out;
}

/// The least string above every string that starts with `prefix`; empty when there is none.
std::string prefixUpperBound(std::string prefix) {
  while (!prefix.empty() && static_cast<unsigned char>(prefix.back()) == 0xFF) prefix.pop_back();
  if (!prefix.empty()) prefix.back() = static_cast<char>(static_cast<unsigned char>(prefix.back()) + 1);
  return prefix;
}

std::string placeholders(const char* name, std::size_t count) {
  std::string out;
  for (std::size_t i = 0; i < count; ++i) out += (i == 0 ? ":" : ", :") + std::string(name) + std::to_string(i);
  return out;
}

void appendIn(std::string& sql, const char* column, const char* name, const std::vector<int64_t>& values,
              std::vector<SqlValue>& params) {
  if (!sql.empty()) sql += " AND ";
  sql += std::string(column) + " IN (" + placeholders(name, values.size()) + ")";
  for (int64_t v : values) params.emplace_back(v);
}

void appendTerm(std::string& sql, const std::string& term) {
  if (!sql.empty()) sql += " AND ";
  sql += term;
}

/// Term groups longer than this are left out: so many alternatives narrow little, and time
/// order finds such rows soon enough.
constexpr std::size_t kMaxTermsPerGroup = kHistoryMaxSubtreePaths;
/// Beside other groups, a group of more alternatives is left out of the match: joining it
/// advances every alternative at each step, and the other groups narrow enough.
constexpr std::size_t kMaxTermsBesideOthers = 16;

/// The time bounds, the cursor's included: "occurred_at_ms ..." terms only.
void appendTimeTerms(std::string& sql, const HistoryConditions& c, std::vector<SqlValue>& params) {
  if (c.from_ms) {
    appendTerm(sql, "occurred_at_ms >= :from_ms");
    params.emplace_back(*c.from_ms);
  }
  if (c.to_ms) {
    appendTerm(sql, "occurred_at_ms < :to_ms");
    params.emplace_back(*c.to_ms);
  }
  if (c.after) {
    // The first term bounds the index range; the second breaks ties on occurred_at_ms by id.
    appendTerm(sql, "occurred_at_ms <= :after_at");
    params.emplace_back(c.after->occurred_at_ms);
    appendTerm(sql, "(occurred_at_ms < :after_at2 OR id < :after_id)");
    params.emplace_back(c.after->occurred_at_ms);
    params.emplace_back(c.after->id);
  }
}

void appendPathTerms(std::string& sql, const std::vector<std::string>& prefixes, std::vector<SqlValue>& params,
                     const std::string& column = "affiliation_path") {
  std::string ranges;
  for (std::size_t i = 0; i < prefixes.size(); ++i) {
    const std::string& prefix = prefixes[i];
    if (!ranges.empty()) ranges += " OR ";
    const std::string upper = prefixUpperBound(prefix);
    ranges += "(" + column + " >= :path_from" + std::to_string(i);
    params.emplace_back(prefix);
    if (!upper.empty()) {
      ranges += " AND " + column + " < :path_to" + std::to_string(i);
      params.emplace_back(upper);
    }
    ranges += ")";
  }
  appendTerm(sql, "(" + ranges + ")");
}

}  // namespace

HistoryConditions resolveHistoryConditions(const Actor& actor, const HistoryQuery& query,
                                           const std::function<std::optional<std::string>(int64_t)>& affiliationPath) {
  HistoryConditions c;
  if (query.limit < 1 || query.limit > kHistoryMaxPageSize)
    throw DomainError("invalid", "limit must be between 1 and " + std::to_string(kHistoryMaxPageSize) + ", not " +
                                     std::to_string(query.limit));
  c.limit = query.limit;
  if (!query.cursor.empty()) {
    c.after = decodeHistoryCursor(query.cursor);
    if (!c.after) throw DomainError("invalid", "cursor is not one this server handed out");
  }
  if (query.from_ms && query.to_ms && *query.from_ms >= *query.to_ms)
    throw DomainError("invalid", "to_ms must be after from_ms");
  c.from_ms = query.from_ms;
  c.to_ms = query.to_ms;
  for (HistoryKind kind : query.kinds) {
    const auto value = static_cast<int64_t>(kind);
    if (value < 1 || value > 4) throw DomainError("invalid", "kinds holds an unknown kind " + std::to_string(value));
    if (std::find(c.kinds.begin(), c.kinds.end(), value) == c.kinds.end()) c.kinds.push_back(value);
  }
  c.gate_ids = query.gate_ids;
  c.user_id = query.user_id;
  c.code = query.code;

  // Management groups: the filter within the scope. Events without a group are only for
  // operators who have every group, and only when no group filter is given.
  const Scope& scope = actor.scope();
  if (!query.management_group_ids.empty() || !scope.all_management_groups) {
    c.restrict_groups = true;
    for (int64_t id : query.management_group_ids.empty() ? scope.management_groups : query.management_group_ids)
      if (actor.inManagementGroupScope(id) &&
          std::find(c.group_ids.begin(), c.group_ids.end(), id) == c.group_ids.end())
        c.group_ids.push_back(id);
    if (c.group_ids.empty()) c.matches_nothing = true;
  }

  // Affiliations: the filter's subtree within the scope's subtrees.
  if (query.affiliation_id || !scope.all_affiliations) {
    c.restrict_paths = true;
    if (query.affiliation_id) {
      const auto path = affiliationPath(*query.affiliation_id);
      if (!path)
        throw DomainError("not_found", "affiliation " + std::to_string(*query.affiliation_id) + " does not exist");
      if (actor.inAffiliationScope(*path)) {
        c.path_prefixes.push_back(*path);
      } else {
        // Parts of the scope may lie inside the filter's subtree.
        for (const auto& root : scope.affiliation_paths)
          if (startsWith(root, *path)) c.path_prefixes.push_back(root);
      }
    } else {
      c.path_prefixes = scope.affiliation_paths;
    }
    c.path_prefixes = outermost(std::move(c.path_prefixes));
    if (c.path_prefixes.empty()) c.matches_nothing = true;
  }
  return c;
}

std::vector<std::vector<int64_t>> historyTermGroups(const HistoryConditions& c) {
  std::vector<std::vector<int64_t>> groups;
  const auto add = [&](std::vector<int64_t> group) {
    if (!group.empty() && group.size() <= kMaxTermsPerGroup) groups.push_back(std::move(group));
  };
  if (!c.user_id.empty()) add({historyTextTerm(HistoryTermTag::User, c.user_id)});
  if (!c.code.empty()) add({historyTextTerm(HistoryTermTag::Code, c.code)});
  // Access events are the bulk of history: a term for them narrows nothing and slows the match.
  const bool withAccess =
      std::find(c.kinds.begin(), c.kinds.end(), static_cast<int64_t>(HistoryKind::Access)) != c.kinds.end();
  if (!c.kinds.empty() && !withAccess) {
    std::vector<int64_t> group;
    for (int64_t kind : c.kinds) group.push_back(historyTerm(HistoryTermTag::Kind, kind));
    add(group);
  }
  std::vector<int64_t> gates;
  for (int64_t id : c.gate_ids) gates.push_back(historyTerm(HistoryTermTag::Gate, id));
  add(gates);
  if (c.restrict_groups) {
    std::vector<int64_t> group;
    for (int64_t id : c.group_ids) group.push_back(historyTerm(HistoryTermTag::Group, id));
    add(group);
  }
  if (c.restrict_paths && c.term_paths) {
    std::vector<int64_t> group;
    for (const auto& path : *c.term_paths) group.push_back(historyTextTerm(HistoryTermTag::Affiliation, path));
    add(group);
  }
  return groups;
}

std::vector<std::vector<int64_t>> historyMatchGroups(const HistoryConditions& c) {
  std::vector<std::vector<int64_t>> groups = historyTermGroups(c);
  if (groups.size() <= 1) return groups;
  std::vector<std::vector<int64_t>> narrow;
  for (auto& group : groups)
    if (group.size() <= kMaxTermsBesideOthers) narrow.push_back(std::move(group));
  if (!narrow.empty()) return narrow;
  // Only wide groups: the narrowest of them.
  groups = historyTermGroups(c);
  auto smallest =
      std::min_element(groups.begin(), groups.end(), [](const auto& a, const auto& b) { return a.size() < b.size(); });
  return {*smallest};
}

int64_t historyTermPlanRows(Dialect dialect, int limit, int64_t tableRows) {
  // Reading term rows costs a row lookup each; the time plan reads limit / density entries,
  // density being at least termPlanRows / tableRows when it is chosen. Equal worst cases at
  // termPlanRows = sqrt(limit * tableRows * entry cost / row cost). SQLite tests the scope
  // columns inside its time index (about 0.1 us an entry against 4 us a row lookup, measured
  // at 10 million events); PostgreSQL reads the table in both plans.
  const double costRatio = dialect == Dialect::SQLite ? 0.1 / 4.0 : 1.0;
  const double rows =
      std::sqrt(static_cast<double>(limit + 1) * static_cast<double>(std::max<int64_t>(tableRows, 1)) * costRatio);
  return std::clamp<int64_t>(static_cast<int64_t>(rows), 1000, 50000);
}

HistoryPlan chooseHistoryPlan(const HistoryConditions& c, std::optional<int64_t> termRows, int64_t termPlanRows) {
  if (!termRows || historyMatchGroups(c).empty()) return HistoryPlan::Time;
  return *termRows < termPlanRows ? HistoryPlan::Terms : HistoryPlan::Time;
}

std::string historyColumnsSql(Dialect dialect) {
  // SOCI reads an SQLite column declared INTEGER (the rowid id) as 32-bit; an expression comes
  // back whole. Named apart from id so that ORDER BY id still means the column.
  const char* id = dialect == Dialect::SQLite ? "id + 0 AS event_id" : "id AS event_id";
  return std::string(id) +
         ", kind, occurred_at_ms, received_at_ms, controller_id, event_seq, gate_id, management_group_id, user_ref,"
         " user_id, user_name, affiliation_id, affiliation_path, card_data, direction, code, detail, flags";
}

HistoryRecord historyRecordFromRow(const SqlRow& row) {
  const auto& v = row.values;
  auto optionalInteger = [&](std::size_t i) -> std::optional<int64_t> {
    if (std::holds_alternative<std::monostate>(v[i])) return std::nullopt;
    return sqlInteger(v[i]);
  };
  HistoryRecord r;
  r.id = sqlInteger(v[0]);
  HistoryEvent& e = r.event;
  e.kind = static_cast<HistoryKind>(sqlInteger(v[1]));
  e.occurred_at_ms = sqlInteger(v[2]);
  e.received_at_ms = sqlInteger(v[3]);
  e.controller_id = optionalInteger(4);
  e.event_seq = optionalInteger(5);
  e.gate_id = optionalInteger(6);
  e.management_group_id = optionalInteger(7);
  e.user_ref = optionalInteger(8);
  e.user_id = sqlText(v[9]);
  e.user_name = sqlText(v[10]);
  e.affiliation_id = optionalInteger(11);
  e.affiliation_path = sqlText(v[12]);
  e.card_data = sqlText(v[13]);
  e.direction = static_cast<Direction>(sqlInteger(v[14]));
  e.code = sqlText(v[15]);
  e.detail = sqlText(v[16]);
  e.flags = sqlInteger(v[17]);
  return r;
}

std::string historyWhereSql(const HistoryConditions& c, std::vector<SqlValue>& params) {
  std::string sql;
  appendTimeTerms(sql, c, params);
  if (!c.kinds.empty()) appendIn(sql, "kind", "kind", c.kinds, params);
  if (c.restrict_groups) appendIn(sql, "management_group_id", "group", c.group_ids, params);
  if (!c.gate_ids.empty()) appendIn(sql, "gate_id", "gate", c.gate_ids, params);
  if (c.restrict_paths) appendPathTerms(sql, c.path_prefixes, params);
  if (!c.user_id.empty()) {
    appendTerm(sql, "user_id = :user_id");
    params.emplace_back(c.user_id);
  }
  if (!c.code.empty()) {
    appendTerm(sql, "code = :code");
    params.emplace_back(c.code);
  }
  return sql;
}

namespace {

/// SQLite: the full-text query over the term words, "(g1 OR g2) AND a7".
std::string termMatch(const std::vector<std::vector<int64_t>>& groups) {
  std::string match;
  for (const auto& group : groups) {
    if (!match.empty()) match += " AND ";
    match += "(";
    for (std::size_t i = 0; i < group.size(); ++i) match += (i == 0 ? "" : " OR ") + historyTermWord(group[i]);
    match += ")";
  }
  return match;
}

/// PostgreSQL: "terms @> ARRAY[...] AND terms && ARRAY[...]": all single terms, then one of each group.
std::string termArrayConditions(const std::vector<std::vector<int64_t>>& groups, std::vector<SqlValue>& params) {
  std::string sql;
  std::size_t n = 0;
  const auto array = [&](const std::vector<int64_t>& terms) {
    std::string out = "ARRAY[";
    for (std::size_t i = 0; i < terms.size(); ++i) {
      out += (i == 0 ? "CAST(:term" : ", CAST(:term") + std::to_string(n++) + " AS BIGINT)";
      params.emplace_back(terms[i]);
    }
    return out + "]";
  };
  std::vector<int64_t> singles;
  for (const auto& group : groups)
    if (group.size() == 1) singles.push_back(group.front());
  if (!singles.empty()) sql = "terms @> " + array(singles);
  for (const auto& group : groups) {
    if (group.size() == 1) continue;
    sql += (sql.empty() ? "terms && " : " AND terms && ") + array(group);
  }
  return sql;
}

}  // namespace

std::string historyPageSql(Dialect dialect, const HistoryConditions& c, HistoryPlan plan, const std::string& termIds,
                           std::vector<SqlValue>& params) {
  const std::string order = " ORDER BY occurred_at_ms DESC, id DESC" + limitSql(dialect, c.limit + 1);
  std::string sql = "SELECT " + historyColumnsSql(dialect);
  std::string where;
  if (plan == HistoryPlan::Terms && dialect == Dialect::SQLite) {
    // CROSS JOIN keeps the ids as the outer loop: rows are read by id, not in time order.
    // The subquery shows only term_id: json_each's own columns include id and path.
    sql +=
        " FROM (SELECT value AS term_id FROM json_each(:term_ids)) AS term_rows"
        " CROSS JOIN history_events ON history_events.id = term_rows.term_id";
    params.emplace_back("[" + termIds + "]");
  } else if (plan == HistoryPlan::Terms && dialect == Dialect::PostgreSQL) {
    sql += " FROM history_events";
    where = "id = ANY(CAST(:term_ids AS BIGINT[]))";
    params.emplace_back("{" + termIds + "}");
  } else if (plan == HistoryPlan::Planner && dialect == Dialect::PostgreSQL) {
    sql += " FROM history_events";
    where = termArrayConditions(historyMatchGroups(c), params);
  } else {
    sql += " FROM history_events";
    if (dialect == Dialect::SQLite) sql += " INDEXED BY history_events_time";
  }
  const std::string columns = historyWhereSql(c, params);
  if (!columns.empty()) where += (where.empty() ? "" : " AND ") + columns;
  if (!where.empty()) sql += " WHERE " + where;
  return sql + order;
}

std::string historyStoredPathsSql(Dialect dialect, const std::vector<std::string>& prefixes,
                                  std::vector<SqlValue>& params) {
  std::string where;
  appendPathTerms(where, prefixes, params, "path");
  return "SELECT path FROM history_affiliation_paths WHERE " + where + " ORDER BY path" +
         limitSql(dialect, kHistoryMaxSubtreePaths + 1);
}

std::string historyTermProbeSql(Dialect dialect, const HistoryConditions& c, int64_t rows,
                                std::vector<SqlValue>& params) {
  const auto groups = historyMatchGroups(c);
  if (groups.empty()) return {};
  const std::string limit = limitSql(dialect, rows);
  if (dialect == Dialect::SQLite) {
    params.emplace_back(termMatch(groups));
    return "SELECT COUNT(*) AS n, group_concat(rowid) AS ids FROM (SELECT rowid FROM history_event_terms"
           " WHERE history_event_terms MATCH :terms" +
           limit + ") probe";
  }
  if (dialect == Dialect::PostgreSQL)
    return "SELECT COUNT(*) AS n, string_agg(CAST(id AS VARCHAR(20)), ',') AS ids FROM (SELECT id FROM history_events"
           " WHERE " +
           termArrayConditions(groups, params) + limit + ") probe";
  return {};
}

}  // namespace monban::host::domain
