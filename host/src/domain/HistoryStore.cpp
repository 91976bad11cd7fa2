#include "monban/host/domain/HistoryStore.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <deque>
#include <tuple>

#include <soci/soci.h>

#include "monban/host/BulkInserter.h"
#include "monban/host/HostError.h"
#include "monban/host/PaddedList.h"
#include "monban/host/PreparedQuery.h"
#include "monban/host/SqlDialect.h"
#include "monban/host/SqlStatement.h"
#include "monban/host/domain/DomainContext.h"
#include "monban/host/domain/DomainError.h"
#include "monban/host/domain/HistoryCsv.h"
#include "monban/host/domain/HistorySchema.h"
#include "monban/host/domain/HistorySearch.h"
#include "monban/host/domain/HistoryTerms.h"
#include "monban/host/domain/HistoryText.h"

namespace monban::host::domain {

namespace {

constexpr int64_t kMsPerDay = 86'400'000;
constexpr int64_t kSkewLimitMs = 5 * 60 * 1000;
/// Sequence numbers further apart than this are checked for duplicates as separate ranges, so
/// a sparse batch never reads the rows between its sequence numbers.
constexpr int64_t kSeqRangeGap = 64;

void invalidEvent(std::size_t index, const std::string& what) {
  throw DomainError("invalid", "events[" + std::to_string(index) + "]." + what);
}

void validate(const HistoryEvent& e, std::size_t index) {
  const auto kind = static_cast<int>(e.kind);
  if (kind < 1 || kind > 4) invalidEvent(index, "kind " + std::to_string(kind) + " is not a history kind");
  const auto direction = static_cast<int>(e.direction);
  if (direction < 0 || direction > 2) invalidEvent(index, "direction " + std::to_string(direction) + " is unknown");
  if (e.controller_id.has_value() != e.event_seq.has_value())
    invalidEvent(index, "event_seq: controller_id and event_seq are given together or not at all");
  const bool gap = (e.flags & kHistoryGap) != 0;
  if (e.event_seq && (*e.event_seq < 0) != gap)
    invalidEvent(index, "event_seq: negative exactly for gap records (" + std::to_string(*e.event_seq) + ")");
  if ((e.flags & ~(kHistoryClockSkewed | kHistoryGap)) != 0)
    invalidEvent(index, "flags " + std::to_string(e.flags) + " has unknown bits");
  if (e.code.empty()) invalidEvent(index, "code is empty");
  if (e.received_at_ms < 0) invalidEvent(index, "received_at_ms " + std::to_string(e.received_at_ms) + " is negative");
}

struct SeqKey {
  int64_t controller;
  int64_t seq;
  std::size_t index;  ///< position in the call's events
};

bool sameKey(const SeqKey& a, const SeqKey& b) {
  return a.controller == b.controller && a.seq == b.seq;
}

/// The keys in `sorted` already in the table, as positions in `sorted`.
std::vector<bool> storedKeys(const Database::Lease& lease, const std::vector<SeqKey>& sorted) {
  struct Range {
    int64_t controller, from, to;
  };
  std::vector<Range> ranges;
  for (const SeqKey& k : sorted) {
    if (!ranges.empty() && ranges.back().controller == k.controller && k.seq - ranges.back().to <= kSeqRangeGap)
      ranges.back().to = k.seq;
    else
      ranges.push_back({k.controller, k.seq, k.seq});
  }
  std::vector<bool> stored(sorted.size(), false);
  for (std::size_t start = 0; start < ranges.size();) {
    // Padded with empty ranges (from 1 to 0), so the statement text repeats and stays prepared.
    const std::size_t size = paddedListSize(ranges.size() - start);
    std::string sql = "SELECT controller_id, event_seq FROM history_events WHERE ";
    std::vector<SqlValue> params;
    params.reserve(size * 3);
    for (std::size_t r = 0; r < size; ++r) {
      sql += r == 0 ? "" : " OR ";
      const std::string n = std::to_string(r);  // each placeholder name once per statement
      sql += "(controller_id = :c" + n + " AND event_seq >= :from" + n + " AND event_seq <= :to" + n + ")";
      const Range range = start + r < ranges.size() ? ranges[start + r] : Range{ranges[start].controller, 1, 0};
      params.insert(params.end(), {range.controller, range.from, range.to});
    }
    lease.query(
        sql, params, {PreparedQuery::Column::Integer, PreparedQuery::Column::Integer}, [&](const PreparedQuery& row) {
          const SeqKey key{row.integer(0), row.integer(1), 0};
          const auto at = std::lower_bound(sorted.begin(), sorted.end(), key, [](const SeqKey& a, const SeqKey& b) {
            return std::tie(a.controller, a.seq) < std::tie(b.controller, b.seq);
          });
          // Several positions share a key when it repeats in the call.
          for (auto it = at; it != sorted.end() && sameKey(*it, key); ++it) stored[it - sorted.begin()] = true;
        });
    start += size;
  }
  return stored;
}

int64_t singleInteger(soci::session& session, const std::string& sql, const std::vector<SqlValue>& params) {
  int64_t value = 0;
  querySql(session, sql, params, [&](const SqlRow& row) {
    value = sqlInteger(row.values[0], 0);
    return false;
  });
  return value;
}

void putOptional(BulkInserter& insert, const std::optional<int64_t>& value) {
  value ? insert.put(*value) : insert.putNull();
}

}  // namespace

HistoryStore::HistoryStore(Database& database, const Clock& clock, EventBus* bus, HistoryStoreOptions options)
    : database_(database), clock_(clock), bus_(bus), options_(options) {}

AppendResult HistoryStore::append(const std::vector<HistoryEvent>& events) {
  AppendResult result;
  if (events.empty()) return result;
  for (std::size_t i = 0; i < events.size(); ++i) validate(events[i], i);
  const int64_t now = clock_.nowMs();

  // Events that carry a sequence key, sorted by it; repeats inside the call are duplicates.
  std::vector<SeqKey> keys;
  for (std::size_t i = 0; i < events.size(); ++i)
    if (events[i].controller_id) keys.push_back({*events[i].controller_id, *events[i].event_seq, i});
  std::sort(keys.begin(), keys.end(), [](const SeqKey& a, const SeqKey& b) {
    return std::tie(a.controller, a.seq, a.index) < std::tie(b.controller, b.seq, b.index);
  });
  std::vector<bool> skip(events.size(), false);
  for (std::size_t k = 1; k < keys.size(); ++k)
    if (sameKey(keys[k], keys[k - 1])) skip[keys[k].index] = true;

  Database::Lease lease = database_.acquire();
  soci::session& session = lease.session();
  WriteTransaction tx(session, database_.dialect());
  if (!keys.empty()) {
    const std::vector<bool> stored = storedKeys(lease, keys);
    for (std::size_t k = 0; k < keys.size(); ++k)
      if (stored[k]) skip[keys[k].index] = true;
  }
  const int64_t maxIdBefore = singleInteger(session, "SELECT MAX(id) AS max_id FROM history_events", {});

  BulkInserter insert(session, database_, "history_events", historyInsertColumns());
  const bool termArray = database_.dialect() == Dialect::PostgreSQL;
  std::array<std::string, 6> scratch;
  std::string terms;
  std::vector<int64_t> termList;
  std::vector<std::string_view> paths;  // of the stored events, to record the new ones
  std::deque<std::string> fittedPaths;  // paths that fitting changed, kept alive for `paths`
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (skip[i]) {
      ++result.duplicates;
      continue;
    }
    const HistoryEvent& e = events[i];
    const int64_t received = e.received_at_ms != 0 ? e.received_at_ms : now;
    int64_t flags = e.flags;
    // Compared without subtracting: a controller may report any time at all.
    if (e.occurred_at_ms < received - kSkewLimitMs || e.occurred_at_ms > received + kSkewLimitMs)
      flags |= kHistoryClockSkewed;
    const std::string_view userId = fitHistoryText(e.user_id, 32, scratch[0]);
    std::string_view path = fitHistoryText(e.affiliation_path, 128, scratch[2]);
    if (path.data() != e.affiliation_path.data()) path = fittedPaths.emplace_back(path);
    if (!path.empty()) paths.push_back(path);
    const std::string_view code = fitHistoryText(e.code, 32, scratch[4]);
    historyTerms(e.kind, e.gate_id, e.management_group_id, path, userId, code, termList);
    terms.clear();
    termArray ? appendHistoryTermsArray(termList, terms) : appendHistoryTermsText(termList, terms);
    insert.beginRow();
    insert.put(static_cast<int64_t>(e.kind));
    insert.put(e.occurred_at_ms);
    insert.put(received);
    putOptional(insert, e.controller_id);
    putOptional(insert, e.event_seq);
    putOptional(insert, e.gate_id);
    putOptional(insert, e.management_group_id);
    putOptional(insert, e.user_ref);
    insert.putTextOrNull(userId);
    insert.putTextOrNull(fitHistoryText(e.user_name, 64, scratch[1]));
    putOptional(insert, e.affiliation_id);
    insert.putTextOrNull(path);
    insert.putTextOrNull(fitHistoryText(e.card_data, 16, scratch[3]));
    insert.put(static_cast<int64_t>(e.direction));
    insert.put(code);
    insert.put(fitHistoryText(e.detail, 512, scratch[5]));
    insert.put(flags);
    insert.put(terms);
    insert.endRow();
    ++result.stored;
  }
  insert.finish();
  const std::vector<std::string> newPaths = recordPaths(session, paths);
  if (result.stored > 0) {
    const std::string addTerms = historyTermIndexAddSql(database_.dialect());
    if (!addTerms.empty()) executeSql(session, addTerms, {maxIdBefore});
    // Exact on SQLite (the write lock is held); on other backends rows committed meanwhile by
    // other hosts may fall inside the range, which readers of the notice tolerate.
    querySql(session, "SELECT MIN(id) AS first_id, MAX(id) AS last_id FROM history_events WHERE id > :before",
             {maxIdBefore}, [&](const SqlRow& row) {
               result.first_id = sqlInteger(row.values[0]);
               result.last_id = sqlInteger(row.values[1]);
               return false;
             });
  }
  tx.commit();
  if (!newPaths.empty()) {
    std::lock_guard<std::mutex> lock(paths_mutex_);
    recorded_paths_.insert(newPaths.begin(), newPaths.end());
  }

  // Only now may a driver acknowledge: everything below is committed.
  for (const SeqKey& k : keys) {
    if (k.seq < 0) continue;  // gap records are not controller events
    auto [it, inserted] = result.committed_seq.emplace(k.controller, k.seq);
    if (!inserted) it->second = std::max(it->second, k.seq);
  }
  if (bus_ != nullptr && result.stored > 0)
    bus_->publish("history", "monban.history.appended", 1,
                  "{\"count\":" + std::to_string(result.stored) + ",\"first_id\":" + std::to_string(result.first_id) +
                      ",\"last_id\":" + std::to_string(result.last_id) + "}");
  return result;
}

std::vector<std::string> HistoryStore::recordPaths(soci::session& session, std::vector<std::string_view>& paths) {
  std::sort(paths.begin(), paths.end());
  paths.erase(std::unique(paths.begin(), paths.end()), paths.end());
  std::vector<std::string> newPaths;
  {
    std::lock_guard<std::mutex> lock(paths_mutex_);
    if (!paths_loaded_) {
      querySql(session, "SELECT path FROM history_affiliation_paths", {}, [&](const SqlRow& row) {
        recorded_paths_.insert(sqlText(row.values[0]));
        return true;
      });
      paths_loaded_ = true;
    }
    for (std::string_view path : paths)
      if (!recorded_paths_.contains(path)) newPaths.emplace_back(path);
  }
  if (database_.dialect() == Dialect::SqlServer) {
    for (const std::string& path : newPaths)
      executeSql(session, historyAddPathsSql(Dialect::SqlServer, 1), {path, path});
    return newPaths;
  }
  constexpr std::size_t kPerStatement = 500;
  for (std::size_t start = 0; start < newPaths.size(); start += kPerStatement) {
    const std::size_t end = std::min(newPaths.size(), start + kPerStatement);
    const std::vector<SqlValue> params(newPaths.begin() + static_cast<std::ptrdiff_t>(start),
                                       newPaths.begin() + static_cast<std::ptrdiff_t>(end));
    executeSql(session, historyAddPathsSql(database_.dialect(), end - start), params);
  }
  return newPaths;
}

AppendResult HistoryStore::appendGap(int64_t controllerId, int64_t firstLostSeq, int64_t lastLostSeq,
                                     std::optional<int64_t> gateId, std::optional<int64_t> managementGroupId) {
  if (firstLostSeq < 1 || lastLostSeq < firstLostSeq)
    throw DomainError("invalid", "a gap runs from a first lost seq of at least 1 to a last lost seq not before it (" +
                                     std::to_string(firstLostSeq) + " to " + std::to_string(lastLostSeq) + ")");
  return append({gapRecord(controllerId, firstLostSeq, lastLostSeq, clock_.nowMs(), gateId, managementGroupId)});
}

HistoryPage HistoryStore::query(const Actor& actor, const HistoryQuery& query) {
  actor.require(Right::History, AccessLevel::View);
  Database::Lease lease = database_.acquire();
  soci::session& session = lease.session();
  HistoryConditions c = resolveHistoryConditions(actor, query, [&](int64_t id) -> std::optional<std::string> {
    std::optional<std::string> path;
    querySql(session, "SELECT path FROM affiliations WHERE id = :id", {id}, [&](const SqlRow& row) {
      path = sqlText(row.values[0]);
      return false;
    });
    return path;
  });
  HistoryPage page;
  if (c.matches_nothing) return page;
  const Dialect dialect = database_.dialect();
  if (c.restrict_paths) {
    // The affiliation terms to search by (see HistoryConditions::term_paths).
    std::vector<std::string> termPaths;
    std::vector<std::string> deep;
    bool narrows = true;
    for (const auto& prefix : c.path_prefixes) {
      const int depth = affiliationPathDepth(prefix);
      if (depth == 0) narrows = false;  // every path: no term narrows that
      (depth > kHistoryPrefixTermDepth ? deep : termPaths).push_back(prefix);
    }
    if (!deep.empty()) {
      std::vector<SqlValue> params;
      const std::string sql = historyStoredPathsSql(dialect, deep, params);
      std::vector<std::string> recorded;
      querySql(session, sql, params, [&](const SqlRow& row) {
        recorded.push_back(sqlText(row.values[0]));
        return true;
      });
      if (recorded.size() <= static_cast<std::size_t>(kHistoryMaxSubtreePaths)) {
        termPaths.insert(termPaths.end(), recorded.begin(), recorded.end());
      } else {
        for (const auto& prefix : deep) termPaths.emplace_back(affiliationPathPrefix(prefix, kHistoryPrefixTermDepth));
      }
    }
    // No recorded path under any prefix: no event there either.
    if (termPaths.empty()) return page;
    std::sort(termPaths.begin(), termPaths.end());
    termPaths.erase(std::unique(termPaths.begin(), termPaths.end()), termPaths.end());
    if (narrows) c.term_paths = std::move(termPaths);
  }

  HistoryPlan plan = HistoryPlan::Planner;
  std::string termIds;
  if (dialect != Dialect::PostgreSQL || options_.term_plan_rows) plan = choosePlan(session, c, termIds);
  if (plan == HistoryPlan::Terms && termIds.empty()) return page;  // no row holds the terms every match holds
  std::vector<SqlValue> params;
  const std::string sql = historyPageSql(dialect, c, plan, termIds, params);
  page.records.reserve(static_cast<std::size_t>(c.limit) + 1);
  querySql(session, sql, params, [&](const SqlRow& row) {
    page.records.push_back(historyRecordFromRow(row));
    return true;
  });
  if (page.records.size() > static_cast<std::size_t>(c.limit)) {
    page.records.pop_back();
    const HistoryRecord& last = page.records.back();
    page.next_cursor = encodeHistoryCursor({last.event.occurred_at_ms, last.id});
  }
  return page;
}

HistoryPlan HistoryStore::choosePlan(soci::session& session, const HistoryConditions& c, std::string& termIds) {
  const Dialect dialect = database_.dialect();
  int64_t termPlanRows = 0;
  if (options_.term_plan_rows) {
    termPlanRows = *options_.term_plan_rows;
  } else if (!historyMatchGroups(c).empty()) {
    // The id span: as good as a row count here, and read from the ends of the primary key.
    const int64_t tableRows =
        singleInteger(session,
                      "SELECT (SELECT MAX(id) FROM history_events) - (SELECT MIN(id) FROM history_events) + 1"
                      " AS table_rows",
                      {});
    termPlanRows = historyTermPlanRows(dialect, c.limit, tableRows);
  }
  // Count the rows holding the search terms, just far enough to choose.
  std::vector<SqlValue> params;
  const std::string probe = termPlanRows > 0 ? historyTermProbeSql(dialect, c, termPlanRows, params) : "";
  if (probe.empty()) return HistoryPlan::Time;
  int64_t termRows = 0;
  querySql(session, probe, params, [&](const SqlRow& row) {
    termRows = sqlInteger(row.values[0]);
    termIds = sqlText(row.values[1]);
    return false;
  });
  return chooseHistoryPlan(c, termRows, termPlanRows);
}

void HistoryStore::exportCsv(const Actor& actor, const HistoryQuery& query, std::ostream& out) {
  actor.require(Right::History, AccessLevel::View);  // before the header goes out
  HistoryQuery pageQuery = query;
  pageQuery.limit = kHistoryMaxPageSize;
  pageQuery.cursor.clear();
  CsvWriter csv(out);
  csv.row(historyCsvHeader());
  while (true) {
    const HistoryPage page = this->query(actor, pageQuery);
    for (const HistoryRecord& record : page.records) writeHistoryCsvRow(csv, record);
    if (page.next_cursor.empty()) break;
    pageQuery.cursor = page.next_cursor;
  }
  out.flush();
}

PurgeResult HistoryStore::purge(int64_t nowMs) {
  PurgeResult result;
  result.history_events =
      purgeOlder("history_events", "occurred_at_ms", nowMs - options_.history_retention_days * kMsPerDay);
  result.system_log = purgeOlder("system_log", "at_ms", nowMs - options_.system_log_retention_days * kMsPerDay);
  return result;
}

int64_t HistoryStore::purgeOlder(const std::string& table, const std::string& column, int64_t cutoffMs) {
  const Dialect dialect = database_.dialect();
  const int64_t batch = std::max(1, options_.purge_batch_rows);
  // The newest time among the batch oldest rows bounds one batch. A bound by value, not a row
  // limit, names the same rows in every statement of the batch.
  const std::string boundarySql = "SELECT MAX(" + column + ") AS bound FROM (SELECT " + column + " FROM " + table +
                                  " WHERE " + column + " < :cutoff ORDER BY " + column + limitSql(dialect, batch) +
                                  ") oldest";
  int64_t total = 0;
  while (true) {
    Database::Lease lease = database_.acquire();
    soci::session& session = lease.session();
    std::optional<int64_t> boundary;
    querySql(session, boundarySql, {cutoffMs}, [&](const SqlRow& row) {
      if (!std::holds_alternative<std::monostate>(row.values[0])) boundary = sqlInteger(row.values[0]);
      return false;
    });
    if (!boundary) return total;  // nothing older than the cutoff is left
    const std::string where = column + " <= :bound";
    const std::vector<SqlValue> params = {*boundary};
    WriteTransaction tx(session, dialect);
    if (table == "history_events") {
      const std::string removeTerms = historyTermIndexRemoveSql(dialect, where);
      if (!removeTerms.empty()) executeSql(session, removeTerms, params);
    }
    total += executeSql(session, "DELETE FROM " + table + " WHERE " + where, params);
    tx.commit();
  }
}

}  // namespace monban::host::domain
