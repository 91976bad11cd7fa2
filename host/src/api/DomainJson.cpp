#include "monban/host/api/DomainJson.h"

#include <Poco/JSON/Array.h>

#include "monban/host/domain/AccessRights.h"
#include "monban/host/domain/DomainError.h"
#include "monban/host/domain/JsonText.h"

namespace monban::host::api {

using namespace monban::host::domain;

namespace {

template <class T>
Poco::JSON::Array arrayOf(const std::vector<T>& values) {
  Poco::JSON::Array out;
  for (const T& v : values) out.add(v);
  return out;
}

Poco::Dynamic::Var nullable(const std::optional<int64_t>& value) {
  return value ? Poco::Dynamic::Var(*value) : Poco::Dynamic::Var();
}

Poco::Dynamic::Var nonZero(int64_t value) {
  return value != 0 ? Poco::Dynamic::Var(value) : Poco::Dynamic::Var();
}

Poco::JSON::Array permissionsJson(const std::vector<Permission>& list) {
  Poco::JSON::Array out;
  for (const Permission& p : list) {
    Poco::JSON::Object o;
    o.set("target_id", p.target_id);
    o.set("target_code", p.target_code);
    o.set("level", p.level);
    out.add(o);
  }
  return out;
}

std::vector<Permission> permissionsFrom(const JsonRequest& in, const std::string& key) {
  std::vector<Permission> out;
  for (const JsonRequest& p : in.objects(key)) {
    Permission permission;
    permission.target_id = p.integer("target_id").value_or(0);
    permission.target_code = p.text("target_code");
    permission.level = static_cast<int>(p.integer("level").value_or(1));
    out.push_back(permission);
  }
  return out;
}

Poco::JSON::Object problemJson(const FieldProblem& p) {
  Poco::JSON::Object o;
  o.set("field", p.field);
  o.set("value", p.value);
  o.set("reason", p.reason);
  return o;
}

}  // namespace

const char* operatorTypeName(OperatorType type) {
  return type == OperatorType::SystemAdministrator ? "system_administrator" : "general_administrator";
}

Poco::JSON::Object toJson(const ManagementGroup& g) {
  Poco::JSON::Object o;
  o.set("id", g.id);
  o.set("code", g.code);
  o.set("name", g.name);
  o.set("description", g.description);
  o.set("calendar_id", nullable(g.calendar_id));
  o.set("updated_at_ms", g.updated_at_ms);
  return o;
}

Poco::JSON::Object toJson(const Gate& g) {
  Poco::JSON::Object o;
  o.set("id", g.id);
  o.set("code", g.code);
  o.set("name", g.name);
  o.set("management_group_id", g.management_group_id);
  o.set("controller_address", g.controller_address);
  o.set("entry_reader", g.entry_reader);
  o.set("exit_reader", g.exit_reader);
  o.set("lock_state", g.lock_state);
  o.set("guard_state", g.guard_state);
  o.set("verification_mode", g.verification_mode);
  o.set("unlock_mode", g.unlock_mode);
  o.set("door_open_seconds", g.door_open_seconds);
  o.set("updated_at_ms", g.updated_at_ms);
  return o;
}

Poco::JSON::Object toJson(const GateGroup& g) {
  Poco::JSON::Object o;
  o.set("id", g.id);
  o.set("code", g.code);
  o.set("name", g.name);
  o.set("description", g.description);
  o.set("gate_ids", arrayOf(g.gate_ids));
  o.set("updated_at_ms", g.updated_at_ms);
  return o;
}

Poco::JSON::Object toJson(const Affiliation& a) {
  Poco::JSON::Object o;
  o.set("id", a.id);
  o.set("code", a.code);
  o.set("name", a.name);
  o.set("parent_id", nullable(a.parent_id));
  o.set("depth", a.depth);
  o.set("path", a.path);
  o.set("updated_at_ms", a.updated_at_ms);
  return o;
}

Poco::JSON::Object toJson(const AccessUser& u) {
  Poco::JSON::Object o;
  o.set("id", u.id);
  o.set("user_id", u.user_id);
  o.set("name", u.name);
  o.set("reading", u.reading);
  o.set("affiliation_id", nonZero(u.affiliation_id));
  o.set("affiliation_code", u.affiliation_code);
  o.set("valid_from", u.valid_from);
  o.set("valid_to", u.valid_to);
  o.set("pin", u.pin);
  o.set("free", arrayOf(std::vector<std::string>(u.free.begin(), u.free.end())));
  o.set("cards", arrayOf(u.cards));
  o.set("gates", permissionsJson(u.gates));
  o.set("gate_groups", permissionsJson(u.gate_groups));
  o.set("updated_at_ms", u.updated_at_ms);
  return o;
}

namespace {

void appendPermissions(std::string& out, const std::vector<Permission>& list) {
  out += '[';
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (i) out += ',';
    out += "{\"target_id\":";
    out += std::to_string(list[i].target_id);
    out += ",\"target_code\":";
    appendJsonString(out, list[i].target_code);
    out += ",\"level\":";
    out += std::to_string(list[i].level);
    out += '}';
  }
  out += ']';
}

void appendStrings(std::string& out, const auto& values) {
  out += '[';
  bool first = true;
  for (const std::string& v : values) {
    if (!first) out += ',';
    first = false;
    appendJsonString(out, v);
  }
  out += ']';
}

}  // namespace

void appendAccessUserJson(std::string& out, const AccessUser& u) {
  out += "{\"id\":";
  out += std::to_string(u.id);
  out += ",\"user_id\":";
  appendJsonString(out, u.user_id);
  out += ",\"name\":";
  appendJsonString(out, u.name);
  out += ",\"reading\":";
  appendJsonString(out, u.reading);
  out += ",\"affiliation_id\":";
  out += u.affiliation_id != 0 ? std::to_string(u.affiliation_id) : "null";
  out += ",\"affiliation_code\":";
  appendJsonString(out, u.affiliation_code);
  out += ",\"valid_from\":";
  appendJsonString(out, u.valid_from);
  out += ",\"valid_to\":";
  appendJsonString(out, u.valid_to);
  out += ",\"pin\":";
  appendJsonString(out, u.pin);
  out += ",\"free\":";
  appendStrings(out, u.free);
  out += ",\"cards\":";
  appendStrings(out, u.cards);
  out += ",\"gates\":";
  appendPermissions(out, u.gates);
  out += ",\"gate_groups\":";
  appendPermissions(out, u.gate_groups);
  out += ",\"updated_at_ms\":";
  out += std::to_string(u.updated_at_ms);
  out += '}';
}

std::string accessUserJson(const AccessUser& u) {
  std::string out;
  appendAccessUserJson(out, u);
  return out;
}

namespace {

Poco::JSON::Object rightsJson(const AccessRights& rights) {
  Poco::JSON::Object o;
  for (const RightSpec& spec : rightSpecs()) o.set(spec.key, std::string(toString(rights.level(spec.right))));
  return o;
}

}  // namespace

Poco::JSON::Object toJson(const Operator& op) {
  Poco::JSON::Object o;
  o.set("id", op.id);
  o.set("login_id", op.login_id);
  o.set("display_name", op.display_name);
  o.set("type", std::string(operatorTypeName(op.type)));
  o.set("rights", rightsJson(AccessRights::fromText(op.type, op.rights)));
  o.set("all_management_groups", op.all_management_groups);
  o.set("management_groups", arrayOf(op.management_groups));
  o.set("all_affiliations", op.all_affiliations);
  o.set("affiliations", arrayOf(op.affiliations));
  o.set("disabled", op.disabled);
  o.set("password_change_required", op.password_change_required);
  o.set("updated_at_ms", op.updated_at_ms);
  return o;
}

Poco::JSON::Object toJson(const Actor& actor, const Operator& op) {
  Poco::JSON::Object o = toJson(op);
  o.set("rights", rightsJson(actor.rights()));
  return o;
}

Poco::JSON::Object toJson(const SavedSearch& search) {
  Poco::JSON::Object o;
  o.set("id", search.id);
  o.set("name", search.name);
  o.set("conditions", search.conditions);
  return o;
}

Poco::JSON::Object toJson(const UserSettingEntry& e) {
  Poco::JSON::Object o;
  o.set("id", e.id);
  o.set("at_ms", e.at_ms);
  o.set("actor", e.actor);
  o.set("action", e.action);
  o.set("target_kind", e.target_kind);
  o.set("target_key", e.target_key);
  o.set("before", e.before_json);
  o.set("after", e.after_json);
  return o;
}

Poco::JSON::Object toJson(const SystemLogEntry& e) {
  Poco::JSON::Object o;
  o.set("id", e.id);
  o.set("at_ms", e.at_ms);
  o.set("actor", e.actor);
  o.set("category", e.category);
  o.set("action", e.action);
  o.set("outcome", e.outcome);
  o.set("detail", e.detail);
  return o;
}

Poco::JSON::Object toJson(const HistoryRecord& r) {
  const HistoryEvent& e = r.event;
  Poco::JSON::Object o;
  o.set("id", r.id);
  o.set("kind", std::string(toString(e.kind)));
  o.set("occurred_at_ms", e.occurred_at_ms);
  o.set("received_at_ms", e.received_at_ms);
  o.set("controller_id", nullable(e.controller_id));
  o.set("event_seq", nullable(e.event_seq));
  o.set("gate_id", nullable(e.gate_id));
  o.set("management_group_id", nullable(e.management_group_id));
  o.set("user_id", e.user_id);
  o.set("user_name", e.user_name);
  o.set("affiliation_id", nullable(e.affiliation_id));
  o.set("card_data", e.card_data);
  o.set("direction", std::string(toString(e.direction)));
  o.set("code", e.code);
  o.set("detail", e.detail);
  o.set("clock_skewed", (e.flags & kHistoryClockSkewed) != 0);
  o.set("gap", (e.flags & kHistoryGap) != 0);
  return o;
}

Poco::JSON::Object toJson(const ImportReport& report) {
  Poco::JSON::Object o;
  o.set("dry_run", report.dry_run);
  o.set("applied", report.applied);
  o.set("added", report.added);
  o.set("changed", report.changed);
  o.set("deleted", report.deleted);
  o.set("failed", report.failed);
  Poco::JSON::Array rows;
  for (const ImportRowResult& row : report.rows) {
    Poco::JSON::Object r;
    r.set("line", static_cast<int64_t>(row.line));
    r.set("key", row.key);
    r.set("outcome", std::string(toString(row.outcome)));
    Poco::JSON::Array problems;
    for (const FieldProblem& p : row.problems) problems.add(problemJson(p));
    r.set("problems", problems);
    rows.add(r);
  }
  o.set("rows", rows);
  return o;
}

ManagementGroup managementGroupFrom(const JsonRequest& in) {
  ManagementGroup g;
  g.id = in.integer("id").value_or(0);
  g.code = in.text("code");
  g.name = in.text("name");
  g.description = in.text("description");
  g.calendar_id = in.integer("calendar_id");
  return g;
}

Gate gateFrom(const JsonRequest& in) {
  Gate g;
  g.id = in.integer("id").value_or(0);
  g.code = in.text("code");
  g.name = in.text("name");
  g.management_group_id = in.integer("management_group_id").value_or(0);
  g.controller_address = in.text("controller_address");
  g.entry_reader = in.text("entry_reader");
  g.exit_reader = in.text("exit_reader");
  g.lock_state = in.text("lock_state", g.lock_state);
  g.guard_state = in.text("guard_state", g.guard_state);
  g.verification_mode = in.text("verification_mode", g.verification_mode);
  g.unlock_mode = in.text("unlock_mode", g.unlock_mode);
  g.door_open_seconds = in.integer("door_open_seconds").value_or(g.door_open_seconds);
  return g;
}

GateGroup gateGroupFrom(const JsonRequest& in) {
  GateGroup g;
  g.id = in.integer("id").value_or(0);
  g.code = in.text("code");
  g.name = in.text("name");
  g.description = in.text("description");
  g.gate_ids = in.integers("gate_ids");
  return g;
}

AccessUser accessUserFrom(const JsonRequest& in) {
  AccessUser u;
  u.id = in.integer("id").value_or(0);
  u.user_id = in.text("user_id");
  u.name = in.text("name");
  u.reading = in.text("reading");
  u.affiliation_id = in.integer("affiliation_id").value_or(0);
  u.affiliation_code = in.text("affiliation_code");
  u.valid_from = in.text("valid_from");
  u.valid_to = in.text("valid_to");
  u.pin = in.text("pin");
  const std::vector<std::string> free = in.texts("free");
  if (free.size() > u.free.size()) throw DomainError("invalid", "field 'free' has at most 3 entries");
  std::copy(free.begin(), free.end(), u.free.begin());
  u.cards = in.texts("cards");
  u.gates = permissionsFrom(in, "gates");
  u.gate_groups = permissionsFrom(in, "gate_groups");
  return u;
}

Operator operatorFrom(const JsonRequest& in) {
  Operator op;
  op.id = in.integer("id").value_or(0);
  op.login_id = in.text("login_id");
  op.display_name = in.text("display_name");
  const std::string type = in.text("type", "general_administrator");
  if (type == "system_administrator")
    op.type = OperatorType::SystemAdministrator;
  else if (type != "general_administrator")
    throw DomainError("invalid", "field 'type' must be general_administrator or system_administrator");
  // Only the rights given are set over the type's defaults; fixed ones given at their fixed
  // level are accepted unchanged, so a client can send back what it read.
  AccessRights rights(op.type);
  const JsonRequest given = in.object("rights");
  for (const RightSpec& spec : rightSpecs()) {
    if (!given.has(spec.key)) continue;
    auto level = accessLevelFromString(given.text(spec.key));
    if (!level) throw DomainError("invalid", std::string("right '") + spec.key + "' must be none, view or edit");
    if (rights.level(spec.right) != *level) rights.set(spec.right, *level);
  }
  for (const auto& [key, value] : given.raw())
    if (!rightFromKey(key)) throw DomainError("invalid", "unknown right '" + key + "'");
  op.rights = rights.toText();
  op.all_management_groups = in.boolean("all_management_groups");
  op.management_groups = in.integers("management_groups");
  op.all_affiliations = in.boolean("all_affiliations");
  op.affiliations = in.integers("affiliations");
  op.disabled = in.boolean("disabled");
  return op;
}

}  // namespace monban::host::api
