#include "monban/host/domain/DeviceReports.h"

#include <map>
#include <set>

#include "monban/host/SqlStatement.h"
#include "monban/host/domain/JsonText.h"

namespace monban::host::domain {

namespace {

std::string idList(const std::set<int64_t>& ids) {
  std::string out;
  for (int64_t id : ids) out += (out.empty() ? "" : ",") + std::to_string(id);
  return out;
}

}  // namespace

void enrichDeviceEvents(soci::session& session, std::vector<HistoryEvent>& events) {
  std::set<int64_t> users, gates;
  for (const auto& e : events) {
    if (e.user_ref) users.insert(*e.user_ref);
    if (e.gate_id) gates.insert(*e.gate_id);
  }
  struct UserFacts {
    std::string user_id, name, path;
    std::optional<int64_t> affiliation;
  };
  std::map<int64_t, UserFacts> userFacts;
  std::map<int64_t, int64_t> gateGroups;
  // Ids are integers from a parsed request: safe to inline, and one statement per batch.
  if (!users.empty())
    querySql(session,
             "SELECT u.id, u.user_id, u.name, u.affiliation_id, a.path FROM access_users u"
             " LEFT JOIN affiliations a ON a.id = u.affiliation_id WHERE u.id IN (" +
                 idList(users) + ")",
             {}, [&](const SqlRow& row) {
               UserFacts f{sqlText(row.values[1]), sqlText(row.values[2]), sqlText(row.values[4]), std::nullopt};
               if (!std::holds_alternative<std::monostate>(row.values[3])) f.affiliation = sqlInteger(row.values[3]);
               userFacts[sqlInteger(row.values[0])] = std::move(f);
               return true;
             });
  if (!gates.empty())
    querySql(session, "SELECT id, management_group_id FROM gates WHERE id IN (" + idList(gates) + ")", {},
             [&](const SqlRow& row) {
               gateGroups[sqlInteger(row.values[0])] = sqlInteger(row.values[1]);
               return true;
             });
  for (auto& e : events) {
    if (e.user_ref) {
      const auto found = userFacts.find(*e.user_ref);
      if (found == userFacts.end()) {
        e.user_ref.reset();  // deleted since the controller's table was sent
      } else {
        e.user_id = found->second.user_id;
        e.user_name = found->second.name;
        e.affiliation_id = found->second.affiliation;
        e.affiliation_path = found->second.path;
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
