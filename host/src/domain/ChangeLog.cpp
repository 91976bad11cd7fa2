#include "monban/host/domain/ChangeLog.h"

#include <soci/soci.h>

#include "monban/host/SqlDialect.h"
#include "monban/host/SqlStatement.h"
#include "monban/host/domain/DomainError.h"

namespace monban::host::domain {

namespace {

SqlValue textOrNull(const std::string& text) {
  if (text.empty()) return std::monostate{};
  return text;
}

int64_t cursorId(const std::string& cursor) {
  if (cursor.empty()) return INT64_MAX;
  try {
    std::size_t used = 0;
    const int64_t id = std::stoll(cursor, &used);
    if (used == cursor.size() && id > 0) return id;
  } catch (const std::exception&) {
  }
  throw DomainError("invalid", "cursor '" + cursor + "' is not one this list returned");
}

}  // namespace

void ChangeLog::recordUserSetting(soci::session& session, int64_t atMs, const Actor& actor, std::string_view action,
                                  std::string_view targetKind, std::string_view targetKey,
                                  const std::string& beforeJson, const std::string& afterJson) {
  executeSql(session,
             "INSERT INTO user_setting_history (at_ms, actor, action, target_kind, target_key, before_json, after_json)"
             " VALUES (:a, :b, :c, :d, :e, :f, :g)",
             {atMs, actor.name(), std::string(action), std::string(targetKind), std::string(targetKey),
              textOrNull(beforeJson), textOrNull(afterJson)});
}

void ChangeLog::recordSystem(soci::session& session, int64_t atMs, const Actor& actor, std::string_view category,
                             std::string_view action, std::string_view outcome, std::string_view detail) {
  executeSql(session,
             "INSERT INTO system_log (at_ms, actor, category, action, outcome, detail)"
             " VALUES (:a, :b, :c, :d, :e, :f)",
             {atMs, actor.name(), std::string(category), std::string(action), std::string(outcome),
              std::string(detail.substr(0, 4000))});
}

void ChangeLog::recordSystemNow(const Actor& actor, std::string_view category, std::string_view action,
                                std::string_view outcome, std::string_view detail) {
  Database::Lease lease = context_.db.acquire();
  WriteTransaction tx(lease.session(), context_.db.dialect());
  recordSystem(lease.session(), context_.clock.nowMs(), actor, category, action, outcome, detail);
  tx.commit();
}

namespace {

/// One page of a log table, newest first, keyset-paged by id: counts the matches of `where`,
/// then reads `limit` rows below the cursor with `columns` and hands each to `read`.
template <class Entry, class Read>
Page<Entry> logPage(Database& db, const std::string& table, const std::string& columns, const std::string& where,
                    std::vector<SqlValue> params, const PageRequest& request, Read read) {
  const int limit = checkedLimit(request.limit);
  Page<Entry> page;
  Database::Lease lease = db.acquire();
  page.total = queryInteger(lease.session(), "SELECT COUNT(*) FROM " + table + where, params);
  params.emplace_back(cursorId(request.cursor));
  querySql(lease.session(),
           "SELECT " + columns + " FROM " + table + where + " AND id < :c ORDER BY id DESC" +
               limitSql(db.dialect(), limit + 1),
           params, [&](const SqlRow& row) {
             page.items.push_back(read(row));
             return true;
           });
  if (static_cast<int>(page.items.size()) > limit) {
    page.items.pop_back();
    page.next_cursor = std::to_string(page.items.back().id);
  }
  return page;
}

}  // namespace

Page<UserSettingEntry> ChangeLog::userSettingHistory(const Actor& actor, const LogQuery& query) {
  actor.require(Right::UserSettingHistory, AccessLevel::View);
  std::string where = " WHERE at_ms >= :f AND at_ms < :t";
  std::vector<SqlValue> params{query.from_ms, query.to_ms};
  if (!query.target_kind.empty()) {
    where += " AND target_kind = :k";
    params.emplace_back(query.target_kind);
  }
  if (!query.target_key.empty()) {
    where += " AND target_key = :y";
    params.emplace_back(query.target_key);
  }
  return logPage<UserSettingEntry>(context_.db, "user_setting_history",
                                   "id, at_ms, actor, action, target_kind, target_key, before_json, after_json", where,
                                   std::move(params), query.page, [](const SqlRow& row) {
                                     UserSettingEntry e;
                                     e.id = sqlInteger(row.values[0]);
                                     e.at_ms = sqlInteger(row.values[1]);
                                     e.actor = sqlText(row.values[2]);
                                     e.action = sqlText(row.values[3]);
                                     e.target_kind = sqlText(row.values[4]);
                                     e.target_key = sqlText(row.values[5]);
                                     e.before_json = sqlText(row.values[6]);
                                     e.after_json = sqlText(row.values[7]);
                                     return e;
                                   });
}

Page<SystemLogEntry> ChangeLog::systemLog(const Actor& actor, const LogQuery& query) {
  actor.require(Right::SystemLog, AccessLevel::View);
  std::string where = " WHERE at_ms >= :f AND at_ms < :t";
  std::vector<SqlValue> params{query.from_ms, query.to_ms};
  if (!query.category.empty()) {
    where += " AND category = :k";
    params.emplace_back(query.category);
  }
  return logPage<SystemLogEntry>(context_.db, "system_log", "id, at_ms, actor, category, action, outcome, detail",
                                 where, std::move(params), query.page, [](const SqlRow& row) {
                                   SystemLogEntry e;
                                   e.id = sqlInteger(row.values[0]);
                                   e.at_ms = sqlInteger(row.values[1]);
                                   e.actor = sqlText(row.values[2]);
                                   e.category = sqlText(row.values[3]);
                                   e.action = sqlText(row.values[4]);
                                   e.outcome = sqlText(row.values[5]);
                                   e.detail = sqlText(row.values[6]);
                                   return e;
                                 });
}

}  // namespace monban::host::domain
