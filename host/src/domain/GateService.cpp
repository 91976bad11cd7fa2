#include "monban/host/domain/GateService.h"

#include <algorithm>
#include <set>

#include <soci/soci.h>

#include "monban/host/SqlDialect.h"
#include "monban/host/SqlStatement.h"
#include "monban/host/domain/ChangeLog.h"
#include "monban/host/domain/DomainError.h"
#include "monban/host/domain/FieldRules.h"
#include "monban/host/domain/JsonText.h"
#include "monban/host/domain/UniqueRows.h"

namespace monban::host::domain {

namespace {

void require(const std::string& field, const std::string& reason) {
  if (!reason.empty()) throw DomainError("invalid", field + " " + reason);
}

void requireOneOf(const std::string& field, const std::string& value, std::initializer_list<const char*> allowed) {
  std::string list;
  for (const char* a : allowed) {
    if (value == a) return;
    list += (list.empty() ? "" : ", ") + std::string(a);
  }
  throw DomainError("invalid", field + " '" + value + "' is not one of " + list);
}

std::string json(const ManagementGroup& g) {
  return JsonObject()
      .add("code", g.code)
      .add("name", g.name)
      .add("description", g.description)
      .add("calendar_id", g.calendar_id.value_or(0))
      .str();
}

std::string json(const Gate& g) {
  return JsonObject()
      .add("code", g.code)
      .add("name", g.name)
      .add("management_group_id", g.management_group_id)
      .add("controller_address", g.controller_address)
      .add("entry_reader", g.entry_reader)
      .add("exit_reader", g.exit_reader)
      .add("lock_state", g.lock_state)
      .add("guard_state", g.guard_state)
      .add("verification_mode", g.verification_mode)
      .add("unlock_mode", g.unlock_mode)
      .add("door_open_seconds", g.door_open_seconds)
      .str();
}

std::string json(const GateGroup& g) {
  std::string ids = "[";
  for (std::size_t i = 0; i < g.gate_ids.size(); ++i) ids += (i ? "," : "") + std::to_string(g.gate_ids[i]);
  return JsonObject()
      .add("code", g.code)
      .add("name", g.name)
      .add("description", g.description)
      .addRaw("gate_ids", ids + "]")
      .str();
}

void validate(const ManagementGroup& g) {
  require("code", checkCode(g.code));
  require("name", checkText(g.name, 64, true));
  require("description", checkText(g.description, 256, false));
}

void validate(const Gate& g) {
  require("code", checkCode(g.code));
  require("name", checkText(g.name, 64, true));
  require("controller_address", checkText(g.controller_address, 64, false));
  require("entry_reader", checkText(g.entry_reader, 32, false));
  require("exit_reader", checkText(g.exit_reader, 32, false));
  requireOneOf("lock_state", g.lock_state, {"locked", "unlocked"});
  requireOneOf("guard_state", g.guard_state, {"armed", "disarmed"});
  requireOneOf("verification_mode", g.verification_mode,
               {"card", "card_and_pin", "card_or_pin", "finger_vein", "card_and_finger_vein"});
  requireOneOf("unlock_mode", g.unlock_mode, {"schedule", "always_unlocked", "always_locked"});
  if (g.door_open_seconds < 1 || g.door_open_seconds > 600)
    throw DomainError("invalid", "door_open_seconds: 1 to 600 seconds, not " + std::to_string(g.door_open_seconds));
}

void validate(const GateGroup& g) {
  require("code", checkCode(g.code));
  require("name", checkText(g.name, 64, true));
  require("description", checkText(g.description, 256, false));
}

const char* kGateColumns =
    "id, code, name, management_group_id, controller_address, entry_reader, exit_reader, lock_state, guard_state,"
    " verification_mode, unlock_mode, updated_at_ms, door_open_seconds";

Gate gateFrom(const SqlRow& row) {
  Gate g;
  g.id = sqlInteger(row.values[0]);
  g.code = sqlText(row.values[1]);
  g.name = sqlText(row.values[2]);
  g.management_group_id = sqlInteger(row.values[3]);
  g.controller_address = sqlText(row.values[4]);
  g.entry_reader = sqlText(row.values[5]);
  g.exit_reader = sqlText(row.values[6]);
  g.lock_state = sqlText(row.values[7]);
  g.guard_state = sqlText(row.values[8]);
  g.verification_mode = sqlText(row.values[9]);
  g.unlock_mode = sqlText(row.values[10]);
  g.updated_at_ms = sqlInteger(row.values[11]);
  g.door_open_seconds = sqlInteger(row.values[12]);
  return g;
}

std::optional<ManagementGroup> loadManagementGroup(soci::session& s, int64_t id) {
  std::optional<ManagementGroup> out;
  querySql(s, "SELECT id, code, name, description, calendar_id, updated_at_ms FROM management_groups WHERE id = :i",
           {id}, [&](const SqlRow& row) {
             ManagementGroup g;
             g.id = sqlInteger(row.values[0]);
             g.code = sqlText(row.values[1]);
             g.name = sqlText(row.values[2]);
             g.description = sqlText(row.values[3]);
             if (!std::holds_alternative<std::monostate>(row.values[4])) g.calendar_id = sqlInteger(row.values[4]);
             g.updated_at_ms = sqlInteger(row.values[5]);
             out = g;
             return false;
           });
  return out;
}

std::optional<Gate> loadGate(soci::session& s, int64_t id) {
  std::optional<Gate> out;
  querySql(s, std::string("SELECT ") + kGateColumns + " FROM gates WHERE id = :i", {id}, [&](const SqlRow& row) {
    out = gateFrom(row);
    return false;
  });
  return out;
}

std::optional<GateGroup> loadGateGroup(soci::session& s, int64_t id) {
  std::optional<GateGroup> out;
  querySql(s, "SELECT id, code, name, description, updated_at_ms FROM gate_groups WHERE id = :i", {id},
           [&](const SqlRow& row) {
             GateGroup g;
             g.id = sqlInteger(row.values[0]);
             g.code = sqlText(row.values[1]);
             g.name = sqlText(row.values[2]);
             g.description = sqlText(row.values[3]);
             g.updated_at_ms = sqlInteger(row.values[4]);
             out = g;
             return false;
           });
  if (out)
    querySql(s, "SELECT gate_id FROM gate_group_members WHERE gate_group_id = :i ORDER BY gate_id", {id},
             [&](const SqlRow& row) {
               out->gate_ids.push_back(sqlInteger(row.values[0]));
               return true;
             });
  return out;
}

/// The management group of each gate in `ids`; throws not_found for an unknown gate.
std::vector<int64_t> groupsOfGates(soci::session& s, const std::vector<int64_t>& ids) {
  std::vector<int64_t> groups;
  for (int64_t id : ids) {
    int64_t group = -1;
    querySql(s, "SELECT management_group_id FROM gates WHERE id = :i", {id}, [&](const SqlRow& row) {
      group = sqlInteger(row.values[0]);
      return false;
    });
    if (group < 0) throw DomainError("not_found", "gate " + std::to_string(id) + " does not exist");
    groups.push_back(group);
  }
  return groups;
}

void requireGroupScope(const Actor& actor, int64_t group, const std::string& what) {
  if (!actor.inManagementGroupScope(group))
    throw DomainError("forbidden", what + " is in management group " + std::to_string(group) +
                                       ", outside the management groups of operator '" + actor.name() + "'");
}

void requireReadable(const Actor& actor) {
  const AccessRights& r = actor.rights();
  if (r.allows(Right::ManagementGroups, AccessLevel::View) || r.allows(Right::Gates, AccessLevel::View) ||
      r.allows(Right::AccessUsers, AccessLevel::View) || r.allows(Right::History, AccessLevel::View))
    return;
  actor.require(Right::Gates, AccessLevel::View);
}

/// A group's own calendar must exist and must not be the template (no calendar follows it).
void requireGroupCalendar(soci::session& s, const std::optional<int64_t>& calendarId) {
  if (!calendarId) return;
  if (queryInteger(s, "SELECT COUNT(*) FROM calendars WHERE id = :i AND is_template = 0", {*calendarId}) == 0)
    throw DomainError(
        "invalid", "calendar " + std::to_string(*calendarId) + " is not a management group's calendar",
        {{"calendar_id", std::to_string(*calendarId), "no such calendar (the template is used by null)"}});
}

}  // namespace

// ---- management groups ----

ManagementGroup GateService::createManagementGroup(const Actor& actor, const ManagementGroup& input) {
  actor.require(Right::ManagementGroups, AccessLevel::Edit);
  validate(input);
  Database::Lease lease = context_.db.acquire();
  auto& s = lease.session();
  WriteTransaction tx(s, context_.db.dialect());
  if (queryInteger(s, "SELECT COUNT(*) FROM management_groups", {}) >=
      static_cast<int64_t>(context_.limits.management_groups))
    throw DomainError("limit", "there are already " + std::to_string(context_.limits.management_groups) +
                                   " management groups, the most one server holds");
  requireGroupCalendar(s, input.calendar_id);
  ManagementGroup out = input;
  out.updated_at_ms = context_.clock.nowMs();
  out.id = insertWithId(s, context_.db.dialect(), "management_groups",
                        "code, name, description, calendar_id, updated_at_ms", ":a, :b, :c, :d, :e",
                        {out.code, out.name, out.description,
                         out.calendar_id ? SqlValue(*out.calendar_id) : SqlValue(std::monostate{}), out.updated_at_ms},
                        "management group code '" + input.code + "'");
  ChangeLog::recordUserSetting(s, out.updated_at_ms, actor, "register", "management_group", out.code, "", json(out));
  ChangeLog::recordSystem(s, out.updated_at_ms, actor, "management_groups", "create", "ok", out.code);
  tx.commit();
  context_.publish("monban.management_groups.changed", JsonObject().add("id", out.id).add("change", "created").str());
  return out;
}

ManagementGroup GateService::updateManagementGroup(const Actor& actor, const ManagementGroup& input) {
  actor.require(Right::ManagementGroups, AccessLevel::Edit);
  validate(input);
  requireGroupScope(actor, input.id, "management group " + std::to_string(input.id));
  Database::Lease lease = context_.db.acquire();
  auto& s = lease.session();
  WriteTransaction tx(s, context_.db.dialect());
  const auto before = loadManagementGroup(s, input.id);
  if (!before) throw DomainError("not_found", "management group " + std::to_string(input.id) + " does not exist");
  requireGroupCalendar(s, input.calendar_id);
  ManagementGroup out = input;
  out.updated_at_ms = context_.clock.nowMs();
  uniqueAs("management group code '" + input.code + "'", [&] {
    return executeSql(
        s,
        "UPDATE management_groups SET code = :a, name = :b, description = :c, calendar_id = :d,"
        " updated_at_ms = :e WHERE id = :i",
        {out.code, out.name, out.description, out.calendar_id ? SqlValue(*out.calendar_id) : SqlValue(std::monostate{}),
         out.updated_at_ms, out.id});
  });
  ChangeLog::recordUserSetting(s, out.updated_at_ms, actor, "change", "management_group", out.code, json(*before),
                               json(out));
  ChangeLog::recordSystem(s, out.updated_at_ms, actor, "management_groups", "update", "ok", out.code);
  tx.commit();
  context_.publish("monban.management_groups.changed", JsonObject().add("id", out.id).add("change", "updated").str());
  return out;
}

void GateService::deleteManagementGroup(const Actor& actor, int64_t id) {
  actor.require(Right::ManagementGroups, AccessLevel::Edit);
  requireGroupScope(actor, id, "management group " + std::to_string(id));
  Database::Lease lease = context_.db.acquire();
  auto& s = lease.session();
  WriteTransaction tx(s, context_.db.dialect());
  const auto before = loadManagementGroup(s, id);
  if (!before) throw DomainError("not_found", "management group " + std::to_string(id) + " does not exist");
  const int64_t gates = queryInteger(s, "SELECT COUNT(*) FROM gates WHERE management_group_id = :i", {id});
  if (gates > 0)
    throw DomainError("conflict", "management group '" + before->code + "' still has " + std::to_string(gates) +
                                      " gates; move or delete them first");
  executeSql(s, "DELETE FROM management_groups WHERE id = :i", {id});
  const int64_t now = context_.clock.nowMs();
  ChangeLog::recordUserSetting(s, now, actor, "delete", "management_group", before->code, json(*before), "");
  ChangeLog::recordSystem(s, now, actor, "management_groups", "delete", "ok", before->code);
  tx.commit();
  context_.publish("monban.management_groups.changed", JsonObject().add("id", id).add("change", "deleted").str());
}

std::vector<ManagementGroup> GateService::listManagementGroups(const Actor& actor) {
  requireReadable(actor);
  Database::Lease lease = context_.db.acquire();
  std::vector<ManagementGroup> out;
  std::vector<int64_t> ids;
  querySql(lease.session(), "SELECT id FROM management_groups ORDER BY code", {}, [&](const SqlRow& row) {
    ids.push_back(sqlInteger(row.values[0]));
    return true;
  });
  for (int64_t id : ids)
    if (actor.inManagementGroupScope(id)) out.push_back(*loadManagementGroup(lease.session(), id));
  return out;
}

ManagementGroup GateService::managementGroup(const Actor& actor, int64_t id) {
  requireReadable(actor);
  requireGroupScope(actor, id, "management group " + std::to_string(id));
  Database::Lease lease = context_.db.acquire();
  auto g = loadManagementGroup(lease.session(), id);
  if (!g) throw DomainError("not_found", "management group " + std::to_string(id) + " does not exist");
  return *g;
}

// ---- gates ----

Gate GateService::createGate(const Actor& actor, const Gate& input) {
  actor.require(Right::Gates, AccessLevel::Edit);
  validate(input);
  requireGroupScope(actor, input.management_group_id, "gate '" + input.code + "'");
  Database::Lease lease = context_.db.acquire();
  auto& s = lease.session();
  WriteTransaction tx(s, context_.db.dialect());
  if (!loadManagementGroup(s, input.management_group_id))
    throw DomainError("not_found", "management group " + std::to_string(input.management_group_id) + " does not exist");
  if (queryInteger(s, "SELECT COUNT(*) FROM gates", {}) >= static_cast<int64_t>(context_.limits.gates))
    throw DomainError(
        "limit", "there are already " + std::to_string(context_.limits.gates) + " gates, the most one server holds");
  Gate out = input;
  out.updated_at_ms = context_.clock.nowMs();
  out.id = insertWithId(s, context_.db.dialect(), "gates",
                        "code, name, management_group_id, controller_address, entry_reader, exit_reader,"
                        " lock_state, guard_state, verification_mode, unlock_mode, updated_at_ms, door_open_seconds",
                        ":a, :b, :c, :d, :e, :f, :g, :h, :i, :j, :k, :l",
                        {out.code, out.name, out.management_group_id, out.controller_address, out.entry_reader,
                         out.exit_reader, out.lock_state, out.guard_state, out.verification_mode, out.unlock_mode,
                         out.updated_at_ms, out.door_open_seconds},
                        "gate code '" + input.code + "'");
  ChangeLog::recordUserSetting(s, out.updated_at_ms, actor, "register", "gate", out.code, "", json(out));
  ChangeLog::recordSystem(s, out.updated_at_ms, actor, "gates", "create", "ok", out.code);
  tx.commit();
  context_.publish("monban.gates.changed", JsonObject().add("id", out.id).add("change", "created").str());
  return out;
}

Gate GateService::updateGate(const Actor& actor, const Gate& input) {
  actor.require(Right::Gates, AccessLevel::Edit);
  validate(input);
  Database::Lease lease = context_.db.acquire();
  auto& s = lease.session();
  WriteTransaction tx(s, context_.db.dialect());
  const auto before = loadGate(s, input.id);
  if (!before) throw DomainError("not_found", "gate " + std::to_string(input.id) + " does not exist");
  requireGroupScope(actor, before->management_group_id, "gate '" + before->code + "'");
  requireGroupScope(actor, input.management_group_id, "the new management group of gate '" + before->code + "'");
  if (!loadManagementGroup(s, input.management_group_id))
    throw DomainError("not_found", "management group " + std::to_string(input.management_group_id) + " does not exist");
  Gate out = input;
  out.updated_at_ms = context_.clock.nowMs();
  uniqueAs("gate code '" + input.code + "'", [&] {
    return executeSql(
        s,
        "UPDATE gates SET code = :a, name = :b, management_group_id = :c, controller_address = :d,"
        " entry_reader = :e, exit_reader = :f, lock_state = :g, guard_state = :h,"
        " verification_mode = :i, unlock_mode = :j, updated_at_ms = :k, door_open_seconds = :m WHERE id = :l",
        {out.code, out.name, out.management_group_id, out.controller_address, out.entry_reader, out.exit_reader,
         out.lock_state, out.guard_state, out.verification_mode, out.unlock_mode, out.updated_at_ms,
         out.door_open_seconds, out.id});
  });
  ChangeLog::recordUserSetting(s, out.updated_at_ms, actor, "change", "gate", out.code, json(*before), json(out));
  ChangeLog::recordSystem(s, out.updated_at_ms, actor, "gates", "update", "ok", out.code);
  tx.commit();
  context_.publish("monban.gates.changed", JsonObject().add("id", out.id).add("change", "updated").str());
  return out;
}

void GateService::deleteGate(const Actor& actor, int64_t id) {
  actor.require(Right::Gates, AccessLevel::Edit);
  Database::Lease lease = context_.db.acquire();
  auto& s = lease.session();
  WriteTransaction tx(s, context_.db.dialect());
  const auto before = loadGate(s, id);
  if (!before) throw DomainError("not_found", "gate " + std::to_string(id) + " does not exist");
  requireGroupScope(actor, before->management_group_id, "gate '" + before->code + "'");
  // Permissions and group memberships of the gate go with it (ON DELETE CASCADE).
  executeSql(s, "DELETE FROM gates WHERE id = :i", {id});
  const int64_t now = context_.clock.nowMs();
  ChangeLog::recordUserSetting(s, now, actor, "delete", "gate", before->code, json(*before), "");
  ChangeLog::recordSystem(s, now, actor, "gates", "delete", "ok", before->code);
  tx.commit();
  context_.publish("monban.gates.changed", JsonObject().add("id", id).add("change", "deleted").str());
}

Gate GateService::gate(const Actor& actor, int64_t id) {
  requireReadable(actor);
  Database::Lease lease = context_.db.acquire();
  auto g = loadGate(lease.session(), id);
  if (!g) throw DomainError("not_found", "gate " + std::to_string(id) + " does not exist");
  requireGroupScope(actor, g->management_group_id, "gate '" + g->code + "'");
  return *g;
}

Page<Gate> GateService::listGates(const Actor& actor, const GateQuery& query) {
  requireReadable(actor);
  const int limit = checkedLimit(query.page.limit);
  int64_t offset = 0;
  if (!query.page.cursor.empty()) {
    try {
      offset = std::stoll(query.page.cursor);
    } catch (const std::exception&) {
      offset = -1;
    }
    if (offset < 0) throw DomainError("invalid", "cursor '" + query.page.cursor + "' is not one this list returned");
  }
  std::string where = " WHERE 1 = 1";
  std::vector<SqlValue> params;
  if (query.management_group_id) {
    where += " AND management_group_id = :g";
    params.emplace_back(*query.management_group_id);
  }
  if (!query.text.empty()) {
    where += " AND (code LIKE :t OR name LIKE :u)";
    params.emplace_back("%" + query.text + "%");
    params.emplace_back("%" + query.text + "%");
  }
  if (!actor.scope().all_management_groups) {
    where += " AND management_group_id IN (-1";
    for (int64_t g : actor.scope().management_groups) where += "," + std::to_string(g);
    where += ")";
  }
  Page<Gate> page;
  Database::Lease lease = context_.db.acquire();
  page.total = queryInteger(lease.session(), "SELECT COUNT(*) FROM gates" + where, params);
  std::string sql = std::string("SELECT ") + kGateColumns + " FROM gates" + where + " ORDER BY code";
  sql += context_.db.dialect() == Dialect::SqlServer
             ? " OFFSET " + std::to_string(offset) + " ROWS FETCH NEXT " + std::to_string(limit) + " ROWS ONLY"
             : " LIMIT " + std::to_string(limit) + " OFFSET " + std::to_string(offset);
  querySql(lease.session(), sql, params, [&](const SqlRow& row) {
    page.items.push_back(gateFrom(row));
    return true;
  });
  if (offset + static_cast<int64_t>(page.items.size()) < page.total)
    page.next_cursor = std::to_string(offset + static_cast<int64_t>(page.items.size()));
  return page;
}

// ---- gate groups ----

namespace {

void checkMembers(const Actor& actor, soci::session& s, const GateGroup& group, std::size_t maxGates) {
  std::set<int64_t> unique(group.gate_ids.begin(), group.gate_ids.end());
  if (unique.size() != group.gate_ids.size())
    throw DomainError("invalid", "gate group '" + group.code + "' lists a gate twice");
  if (group.gate_ids.size() > maxGates)
    throw DomainError("limit", "gate group '" + group.code + "' has " + std::to_string(group.gate_ids.size()) +
                                   " gates; a group holds at most " + std::to_string(maxGates));
  const auto groups = groupsOfGates(s, group.gate_ids);
  for (std::size_t i = 0; i < groups.size(); ++i)
    requireGroupScope(actor, groups[i], "gate " + std::to_string(group.gate_ids[i]));
}

void writeMembers(soci::session& s, const GateGroup& group) {
  executeSql(s, "DELETE FROM gate_group_members WHERE gate_group_id = :i", {group.id});
  for (int64_t gate : group.gate_ids)
    executeSql(s, "INSERT INTO gate_group_members (gate_group_id, gate_id) VALUES (:g, :t)", {group.id, gate});
}

bool visible(const Actor& actor, soci::session& s, const GateGroup& group) {
  if (actor.scope().all_management_groups || group.gate_ids.empty()) return true;
  const auto groups = groupsOfGates(s, group.gate_ids);
  return std::any_of(groups.begin(), groups.end(), [&](int64_t g) { return actor.inManagementGroupScope(g); });
}

}  // namespace

GateGroup GateService::createGateGroup(const Actor& actor, const GateGroup& input) {
  actor.require(Right::Gates, AccessLevel::Edit);
  validate(input);
  Database::Lease lease = context_.db.acquire();
  auto& s = lease.session();
  WriteTransaction tx(s, context_.db.dialect());
  checkMembers(actor, s, input, context_.limits.gates_per_group);
  if (queryInteger(s, "SELECT COUNT(*) FROM gate_groups", {}) >= static_cast<int64_t>(context_.limits.gate_groups))
    throw DomainError("limit", "there are already " + std::to_string(context_.limits.gate_groups) +
                                   " gate groups, the most one server holds");
  GateGroup out = input;
  out.updated_at_ms = context_.clock.nowMs();
  out.id =
      insertWithId(s, context_.db.dialect(), "gate_groups", "code, name, description, updated_at_ms", ":a, :b, :c, :d",
                   {out.code, out.name, out.description, out.updated_at_ms}, "gate group code '" + input.code + "'");
  writeMembers(s, out);
  ChangeLog::recordUserSetting(s, out.updated_at_ms, actor, "register", "gate_group", out.code, "", json(out));
  ChangeLog::recordSystem(s, out.updated_at_ms, actor, "gate_groups", "create", "ok", out.code);
  tx.commit();
  context_.publish("monban.gate_groups.changed", JsonObject().add("id", out.id).add("change", "created").str());
  return out;
}

GateGroup GateService::updateGateGroup(const Actor& actor, const GateGroup& input) {
  actor.require(Right::Gates, AccessLevel::Edit);
  validate(input);
  Database::Lease lease = context_.db.acquire();
  auto& s = lease.session();
  WriteTransaction tx(s, context_.db.dialect());
  const auto before = loadGateGroup(s, input.id);
  if (!before) throw DomainError("not_found", "gate group " + std::to_string(input.id) + " does not exist");
  checkMembers(actor, s, *before, SIZE_MAX);
  checkMembers(actor, s, input, context_.limits.gates_per_group);
  GateGroup out = input;
  out.updated_at_ms = context_.clock.nowMs();
  uniqueAs("gate group code '" + input.code + "'", [&] {
    return executeSql(s,
                      "UPDATE gate_groups SET code = :a, name = :b, description = :c, updated_at_ms = :d WHERE id = :i",
                      {out.code, out.name, out.description, out.updated_at_ms, out.id});
  });
  writeMembers(s, out);
  ChangeLog::recordUserSetting(s, out.updated_at_ms, actor, "change", "gate_group", out.code, json(*before), json(out));
  ChangeLog::recordSystem(s, out.updated_at_ms, actor, "gate_groups", "update", "ok", out.code);
  tx.commit();
  context_.publish("monban.gate_groups.changed", JsonObject().add("id", out.id).add("change", "updated").str());
  return out;
}

void GateService::deleteGateGroup(const Actor& actor, int64_t id) {
  actor.require(Right::Gates, AccessLevel::Edit);
  Database::Lease lease = context_.db.acquire();
  auto& s = lease.session();
  WriteTransaction tx(s, context_.db.dialect());
  const auto before = loadGateGroup(s, id);
  if (!before) throw DomainError("not_found", "gate group " + std::to_string(id) + " does not exist");
  checkMembers(actor, s, *before, SIZE_MAX);
  executeSql(s, "DELETE FROM gate_groups WHERE id = :i", {id});
  const int64_t now = context_.clock.nowMs();
  ChangeLog::recordUserSetting(s, now, actor, "delete", "gate_group", before->code, json(*before), "");
  ChangeLog::recordSystem(s, now, actor, "gate_groups", "delete", "ok", before->code);
  tx.commit();
  context_.publish("monban.gate_groups.changed", JsonObject().add("id", id).add("change", "deleted").str());
}

GateGroup GateService::gateGroup(const Actor& actor, int64_t id) {
  requireReadable(actor);
  Database::Lease lease = context_.db.acquire();
  auto g = loadGateGroup(lease.session(), id);
  if (!g) throw DomainError("not_found", "gate group " + std::to_string(id) + " does not exist");
  if (!visible(actor, lease.session(), *g))
    throw DomainError("forbidden", "gate group '" + g->code + "' has no gate in the management groups of operator '" +
                                       actor.name() + "'");
  return *g;
}

std::vector<GateGroup> GateService::listGateGroups(const Actor& actor) {
  requireReadable(actor);
  Database::Lease lease = context_.db.acquire();
  std::vector<int64_t> ids;
  querySql(lease.session(), "SELECT id FROM gate_groups ORDER BY code", {}, [&](const SqlRow& row) {
    ids.push_back(sqlInteger(row.values[0]));
    return true;
  });
  std::vector<GateGroup> out;
  for (int64_t id : ids) {
    auto g = loadGateGroup(lease.session(), id);
    if (g && visible(actor, lease.session(), *g)) out.push_back(std::move(*g));
  }
  return out;
}

}  // namespace monban::host::domain
