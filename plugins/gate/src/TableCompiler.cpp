#include "TableCompiler.h"

#include <monban/sdk/database.hpp>

#include <sstream>

namespace monban::gate {

using monban::sdk::Database;
using monban::sdk::Row;

namespace {

std::string idList(const std::set<int64_t>& ids) {
  std::string out;
  for (int64_t id : ids) out += (out.empty() ? "" : ",") + std::to_string(id);
  return out;
}

int32_t dateKeyOf(const std::string& text) {
  const auto date = access::parseDate(text);
  return date ? access::dateKey(*date) : 0;
}

}  // namespace

std::vector<GateRow> TableCompiler::gates(const std::set<int64_t>& ids) const {
  Database db = host_.database();
  std::vector<GateRow> out;
  const std::string sql =
      "SELECT g.id, g.code, g.name, g.controller_address, g.management_group_id, g.unlock_mode,"
      " g.verification_mode, g.entry_reader, g.exit_reader, m.area_id, s.gate_id, g.door_open_seconds FROM gates g"
      " LEFT JOIN gate_passback_members m ON m.gate_id = g.id"
      " LEFT JOIN gate_passback_single s ON s.gate_id = g.id" +
      (ids.empty() ? std::string() : " WHERE g.id IN (" + idList(ids) + ")") + " ORDER BY g.id";
  db.query(sql.c_str(), {}, [&](const Row& row) {
    GateRow g;
    g.id = row.integer(0);
    g.code = row.text(1);
    g.name = row.text(2);
    g.address = row.text(3);
    g.management_group_id = row.integer(4);
    g.parameters.settings.unlock_mode = row.text(5);
    g.parameters.settings.verification_mode = row.text(6);
    g.parameters.entry_reader = row.text(7);
    g.parameters.exit_reader = row.text(8);
    // An area's anti-passback, else the gate's own (area 0), else none.
    if (!row.isNull(9))
      g.parameters.anti_passback = {true, row.integer(9)};
    else if (!row.isNull(10))
      g.parameters.anti_passback = {true, 0};
    g.parameters.door_open_seconds = static_cast<uint16_t>(row.integer(11));
    out.push_back(std::move(g));
    return true;
  });
  return out;
}

std::map<int64_t, CardTable> TableCompiler::permissions(const std::set<int64_t>& gateIds) const {
  const std::string direct = gateIds.empty() ? "" : " WHERE gate_id IN (" + idList(gateIds) + ")";
  const std::string grouped = gateIds.empty() ? "" : " WHERE m.gate_id IN (" + idList(gateIds) + ")";
  const std::string sql =
      "SELECT p.gate_id, c.card_data, u.id, u.valid_from, u.valid_to, MIN(p.level), u.pin FROM ("
      " SELECT user_ref, gate_id, passable_level AS level FROM user_gate_permissions" +
      direct +
      " UNION ALL SELECT gp.user_ref, m.gate_id, gp.passable_level FROM user_gate_group_permissions gp"
      " JOIN gate_group_members m ON m.gate_group_id = gp.gate_group_id" +
      grouped +
      ") p JOIN access_users u ON u.id = p.user_ref JOIN user_cards c ON c.user_ref = u.id"
      " GROUP BY p.gate_id, c.card_data, u.id, u.valid_from, u.valid_to, u.pin";
  std::map<int64_t, CardTable> out;
  for (int64_t id : gateIds) out[id];
  Database db = host_.database();
  db.query(sql.c_str(), {}, [&](const Row& row) {
    access::CardHolder h;
    h.card = row.text(1);
    h.user_ref = row.integer(2);
    h.valid_from = row.isNull(3) ? 0 : dateKeyOf(row.text(3));
    h.valid_to = row.isNull(4) ? 0 : dateKeyOf(row.text(4));
    h.passable_level = static_cast<int>(row.integer(5));
    h.pin = row.isNull(6) ? "" : row.text(6);
    std::string card = h.card;
    out[row.integer(0)].emplace(std::move(card), std::move(h));
    return true;
  });
  return out;
}

std::set<int64_t> TableCompiler::gatesOfUsers(const std::set<int64_t>& userRefs) const {
  std::set<int64_t> out;
  if (userRefs.empty()) return out;
  const std::string ids = idList(userRefs);
  const std::string sql = "SELECT gate_id FROM user_gate_permissions WHERE user_ref IN (" + ids +
                          ") UNION SELECT m.gate_id FROM user_gate_group_permissions gp"
                          " JOIN gate_group_members m ON m.gate_group_id = gp.gate_group_id WHERE gp.user_ref IN (" +
                          ids + ")";
  Database db = host_.database();
  db.query(sql.c_str(), {}, [&](const Row& row) {
    out.insert(row.integer(0));
    return true;
  });
  return out;
}

std::map<int64_t, access::CalendarRules> TableCompiler::calendars() const {
  Database db = host_.database();
  std::map<int64_t, access::CalendarRules> byCalendar;
  db.query("SELECT id, weekly FROM calendars", {}, [&](const Row& row) {
    access::CalendarRules rules;
    std::istringstream in(row.text(1));
    std::string part;
    for (std::size_t i = 0; i < 7 && std::getline(in, part, ','); ++i) rules.weekly[i] = std::stoll(part);
    byCalendar[row.integer(0)] = std::move(rules);
    return true;
  });
  std::map<int32_t, int64_t> annual;
  db.query("SELECT month, day, date_kind_id FROM annual_days", {}, [&](const Row& row) {
    annual[static_cast<int32_t>(row.integer(0) * 100 + row.integer(1))] = row.integer(2);
    return true;
  });
  // Controllers need yesterday on (a swipe just after midnight still sees yesterday's kind).
  const int32_t from = access::dateKey(access::addDays(access::toLocal(host_.nowMs()).date, -1));
  db.query("SELECT calendar_id, day, date_kind_id FROM calendar_days WHERE day >= :d", {int64_t{from}},
           [&](const Row& row) {
             const auto found = byCalendar.find(row.integer(0));
             if (found != byCalendar.end()) found->second.days[static_cast<int32_t>(row.integer(1))] = row.integer(2);
             return true;
           });
  std::map<int64_t, access::CalendarRules> out;
  int64_t templateId = 0;
  db.query("SELECT id FROM calendars WHERE is_template = 1", {}, [&](const Row& row) {
    templateId = row.integer(0);
    return false;
  });
  db.query("SELECT id, calendar_id FROM management_groups", {}, [&](const Row& row) {
    const int64_t calendar = row.isNull(1) ? templateId : row.integer(1);
    auto found = byCalendar.find(calendar);
    if (found == byCalendar.end()) found = byCalendar.find(templateId);
    if (found != byCalendar.end()) {
      access::CalendarRules rules = found->second;
      rules.annual = annual;
      out[row.integer(0)] = std::move(rules);
    }
    return true;
  });
  return out;
}

std::map<int64_t, std::vector<access::TimeBand>> TableCompiler::schedules() const {
  Database db = host_.database();
  std::map<int64_t, std::vector<access::TimeBand>> out;
  db.query(
      "SELECT g.gate_id, b.date_kind_id, b.start_minute, b.end_minute, b.door_mode, b.passable_level,"
      " b.verification_mode FROM gate_schedules g LEFT JOIN schedule_bands b ON b.schedule_id = g.schedule_id",
      {}, [&](const Row& row) {
        auto& bands = out[row.integer(0)];
        if (row.isNull(1)) return true;  // a schedule without bands
        access::TimeBand b;
        b.date_kind_id = row.integer(1);
        b.start_minute = static_cast<int>(row.integer(2));
        b.end_minute = static_cast<int>(row.integer(3));
        b.door_mode = access::doorModeFromString(row.text(4)).value_or(access::DoorMode::Card);
        b.passable_level = static_cast<int>(row.integer(5));
        b.verification_mode = row.text(6);
        bands.push_back(std::move(b));
        return true;
      });
  return out;
}

std::map<int64_t, CompiledTables> TableCompiler::compile(const std::vector<GateRow>& gates,
                                                         bool withPermissions) const {
  std::set<int64_t> ids;
  for (const auto& g : gates) ids.insert(g.id);
  auto calendars = this->calendars();
  auto schedules = this->schedules();
  std::map<int64_t, CardTable> cards;
  if (withPermissions && !ids.empty()) cards = permissions(ids);
  std::map<int64_t, CompiledTables> out;
  for (const auto& g : gates) {
    CompiledTables& t = out[g.id];
    t.gate = g.parameters;
    t.card = card_parameters_;
    const auto calendar = calendars.find(g.management_group_id);
    if (calendar != calendars.end()) t.calendar = calendar->second;
    const auto schedule = schedules.find(g.id);
    t.has_schedule = schedule != schedules.end();
    if (t.has_schedule) t.schedule = schedule->second;
    const auto found = cards.find(g.id);
    if (found != cards.end()) t.cards = std::move(found->second);
  }
  return out;
}

std::vector<uint8_t> encodeTable(const CompiledTables& t, TableId table) {
  switch (table) {
    case TableId::Permissions:
      return encodePermissions(t.cards);
    case TableId::Calendar:
      return encodeCalendar(t.calendar);
    case TableId::Schedule:
      return encodeSchedule(t.has_schedule, t.schedule);
    case TableId::GateParameters:
      return encodeGateParameters(t.gate);
    case TableId::CardParameters:
      return encodeCardParameters(t.card);
  }
  return {};
}

}  // namespace monban::gate
