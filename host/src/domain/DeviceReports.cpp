#include "monban/host/domain/DeviceReports.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "monban/host/PaddedList.h"
#include "monban/host/PreparedQuery.h"
#include "monban/host/SqlStatement.h"
#include "monban/host/domain/JsonText.h"

namespace monban::host::domain {

namespace {

/// Runs `sqlBefore` + "(:i0, :i1, …)" + `sqlAfter` for every id, in padded lists (0 matches no row).
void forIds(const Database::Lease& lease, const std::set<int64_t>& ids, const std::string& sqlBefore,
            const std::string& sqlAfter, std::initializer_list<PreparedQuery::Column> columns,
            const std::function<void(const PreparedQuery&)>& onRow) {
  auto next = ids.begin();
  for (std::size_t left = ids.size(); left > 0;) {
    const std::size_t size = paddedListSize(left);
    std::string sql = sqlBefore + "(";
    std::vector<SqlValue> params;
    params.reserve(size);
    for (std::size_t i = 0; i < size; ++i) {
      sql += (i == 0 ? ":i" : ", :i") + std::to_string(i);
      params.emplace_back(next != ids.end() ? *next++ : int64_t{0});
    }
    sql += ")" + sqlAfter;
    lease.query(sql, params, columns, onRow);
    left -= std::min(left, size);
  }
}

}  // namespace

void DeviceEventFacts::fill(const Database::Lease& lease, std::vector<HistoryEvent>& events) {
  std::set<int64_t> gates;
  for (const auto& e : events)
    if (e.gate_id) gates.insert(*e.gate_id);
  std::map<int64_t, int64_t> gateGroups;
  using Column = PreparedQuery::Column;
  forIds(lease, gates, "SELECT id, management_group_id FROM gates WHERE id IN ", "", {Column::Integer, Column::Integer},
         [&](const PreparedQuery& row) { gateGroups[row.integer(0)] = row.integer(1); });

  const int64_t revision = usersRevision(lease);
  std::lock_guard lock(mutex_);
  if (revision != revision_) {
    users_.clear();  // a change since (or a restored backup): nothing kept holds for certain
    revision_ = revision;
  }
  std::set<int64_t> unseen;
  for (const auto& e : events)
    if (e.user_ref && !users_.contains(*e.user_ref)) unseen.insert(*e.user_ref);
  if (users_.size() + unseen.size() > kMostUsers) users_.clear();
  for (int64_t id : unseen) users_[id] = std::nullopt;  // stays so when the query has no row
  forIds(lease, unseen,
         "SELECT u.id, u.user_id, u.name, u.affiliation_id, a.path FROM access_users u"
         " LEFT JOIN affiliations a ON a.id = u.affiliation_id WHERE u.id IN ",
         "", {Column::Integer, Column::Text, Column::Text, Column::Integer, Column::Text},
         [&](const PreparedQuery& row) {
           UserFacts f{row.text(1), row.text(2), row.text(4), std::nullopt};
           if (!row.isNull(3)) f.affiliation = row.integer(3);
           users_[row.integer(0)] = std::move(f);
         });
  for (auto& e : events) {
    if (e.user_ref) {
      const auto found = users_.find(*e.user_ref);
      if (found == users_.end() || !found->second) {
        e.user_ref.reset();  // deleted since the controller's table was sent
      } else {
        e.user_id = found->second->user_id;
        e.user_name = found->second->name;
        e.affiliation_id = found->second->affiliation;
        e.affiliation_path = found->second->path;
      }
    }
    if (e.gate_id && !e.management_group_id) {
      const auto found = gateGroups.find(*e.gate_id);
      if (found == gateGroups.end())
        e.gate_id.reset();
      else
        e.management_group_id = found->second;
    }
  }
}

std::optional<int64_t> lastCommittedSeq(soci::session& session, int64_t controllerId) {
  const int64_t seq =
      queryInteger(session, "SELECT MAX(event_seq) FROM history_events WHERE controller_id = :c AND event_seq > 0",
                   {controllerId}, -1);
  if (seq <= 0) return std::nullopt;
  return seq;
}

bool reportGateState(const DomainContext& context, const GateStateReport& report) {
  std::string lock, guard;
  {
    Database::Lease lease = context.db.acquire();
    bool found = false;
    querySql(lease.session(), "SELECT lock_state, guard_state FROM gates WHERE id = :id", {report.gate_id},
             [&](const SqlRow& row) {
               lock = sqlText(row.values[0]);
               guard = sqlText(row.values[1]);
               found = true;
               return false;
             });
    if (!found) return false;
    if ((!report.lock_state.empty() && report.lock_state != lock) ||
        (!report.guard_state.empty() && report.guard_state != guard)) {
      if (!report.lock_state.empty()) lock = report.lock_state;
      if (!report.guard_state.empty()) guard = report.guard_state;
      executeSql(lease.session(), "UPDATE gates SET lock_state = :l, guard_state = :g WHERE id = :id",
                 {lock, guard, report.gate_id});
    }
  }
  std::string payload =
      JsonObject().add("gate_id", report.gate_id).add("lock_state", lock).add("guard_state", guard).str();
  if (!report.extra_json.empty()) payload = payload.substr(0, payload.size() - 1) + "," + report.extra_json + "}";
  context.publish("monban.gates.state", std::move(payload));
  return true;
}

}  // namespace monban::host::domain
