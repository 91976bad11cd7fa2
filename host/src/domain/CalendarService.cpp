#include "monban/host/domain/CalendarService.h"

#include <algorithm>
#include <map>
#include <set>

#include <soci/soci.h>

#include "monban/host/SqlDialect.h"
#include "monban/host/SqlStatement.h"
#include "monban/host/domain/CalendarICal.h"
#include "monban/host/domain/ChangeLog.h"
#include "monban/host/domain/DomainError.h"
#include "monban/host/domain/FieldRules.h"
#include "monban/host/domain/JsonText.h"
#include "monban/host/domain/UniqueRows.h"

namespace monban::host::domain {

using access::CivilDate;
using access::TimeBand;

namespace {

const char* kVerificationModes[] = {"card", "card_and_pin", "card_or_pin", "finger_vein", "card_and_finger_vein"};

bool isVerificationMode(const std::string& mode) {
  return std::any_of(std::begin(kVerificationModes), std::end(kVerificationModes),
                     [&](const char* m) { return mode == m; });
}

void requireView(const Actor& actor) {
  actor.require(Right::CalendarsSchedules, AccessLevel::View);
}
void requireEdit(const Actor& actor) {
  actor.require(Right::CalendarsSchedules, AccessLevel::Edit);
}

void bumpRevision(soci::session& s) {
  executeSql(s, "UPDATE domain_revisions SET revision = revision + 1 WHERE name = 'calendars'", {});
}

std::string weeklyText(const std::array<int64_t, 7>& weekly) {
  std::string out;
  for (std::size_t i = 0; i < weekly.size(); ++i) out += (i ? "," : "") + std::to_string(weekly[i]);
  return out;
}

std::array<int64_t, 7> weeklyFrom(const std::string& text) {
  std::array<int64_t, 7> out{};
  std::size_t position = 0;
  for (std::size_t i = 0; i < out.size(); ++i) {
    const std::size_t comma = text.find(',', position);
    out[i] = std::stoll(text.substr(position, comma - position));
    if (comma == std::string::npos) break;
    position = comma + 1;
  }
  return out;
}

/// Today's local date and the ranges of SPEC section 3 around it.
struct Ranges {
  CivilDate today, viewable_from, viewable_to, editable_from, editable_to;
};

CivilDate yearsFrom(CivilDate d, int years) {
  CivilDate out{d.year + years, d.month, d.day};
  if (!access::isValidDate(out.year, out.month, out.day)) out.day = 28;  // 29 February
  return out;
}

Ranges rangesAt(int64_t nowMs) {
  Ranges r;
  r.today = access::toLocal(nowMs).date;
  r.viewable_from = yearsFrom(r.today, -1);
  r.viewable_to = yearsFrom(r.today, 1);
  r.editable_from = access::addDays(r.today, 1);
  r.editable_to = r.viewable_to;
  return r;
}

std::vector<DateKind> loadDateKinds(soci::session& s) {
  std::vector<DateKind> out;
  querySql(s, "SELECT id, code, name, kind_class, updated_at_ms FROM date_kinds ORDER BY id", {},
           [&](const SqlRow& row) {
             out.push_back({sqlInteger(row.values[0]), sqlText(row.values[1]), sqlText(row.values[2]),
                            sqlText(row.values[3]), sqlInteger(row.values[4])});
             return true;
           });
  return out;
}

bool dateKindExists(soci::session& s, int64_t id) {
  return queryInteger(s, "SELECT COUNT(*) FROM date_kinds WHERE id = :i", {id}) > 0;
}

std::vector<AnnualDay> loadAnnualDays(soci::session& s) {
  std::vector<AnnualDay> out;
  querySql(s, "SELECT month, day, name, date_kind_id FROM annual_days ORDER BY month, day", {}, [&](const SqlRow& row) {
    out.push_back({static_cast<int>(sqlInteger(row.values[0])), static_cast<int>(sqlInteger(row.values[1])),
                   sqlText(row.values[2]), sqlInteger(row.values[3])});
    return true;
  });
  return out;
}

std::optional<Calendar> loadCalendar(soci::session& s, int64_t id) {
  std::optional<Calendar> out;
  querySql(s, "SELECT id, name, is_template, weekly, updated_at_ms FROM calendars WHERE id = :i", {id},
           [&](const SqlRow& row) {
             Calendar c;
             c.id = sqlInteger(row.values[0]);
             c.name = sqlText(row.values[1]);
             c.is_template = sqlInteger(row.values[2]) != 0;
             c.weekly = weeklyFrom(sqlText(row.values[3]));
             c.updated_at_ms = sqlInteger(row.values[4]);
             out = c;
             return false;
           });
  if (out)
    querySql(s, "SELECT id FROM management_groups WHERE calendar_id = :i ORDER BY id", {id}, [&](const SqlRow& row) {
      out->management_group_ids.push_back(sqlInteger(row.values[0]));
      return true;
    });
  return out;
}

Calendar requireCalendar(soci::session& s, int64_t id) {
  std::optional<Calendar> c = loadCalendar(s, id);
  if (!c) throw DomainError("not_found", "calendar " + std::to_string(id) + " does not exist");
  return *c;
}

int64_t templateId(soci::session& s) {
  return queryInteger(s, "SELECT MIN(id) FROM calendars WHERE is_template = 1", {});
}

/// A management group's calendar may be changed only by an operator with the group in scope.
void requireCalendarScope(const Actor& actor, const Calendar& c) {
  for (int64_t group : c.management_group_ids)
    if (!actor.inManagementGroupScope(group))
      throw DomainError("forbidden", "calendar " + std::to_string(c.id) + " belongs to management group " +
                                         std::to_string(group) + ", outside the management groups of operator '" +
                                         actor.name() + "'");
}

access::CalendarRules loadRules(soci::session& s, const Calendar& c) {
  access::CalendarRules rules;
  rules.weekly = c.weekly;
  querySql(s, "SELECT day, date_kind_id FROM calendar_days WHERE calendar_id = :i", {c.id}, [&](const SqlRow& row) {
    rules.days[static_cast<int32_t>(sqlInteger(row.values[0]))] = sqlInteger(row.values[1]);
    return true;
  });
  for (const AnnualDay& a : loadAnnualDays(s)) rules.annual[a.month * 100 + a.day] = a.date_kind_id;
  return rules;
}

std::string json(const DateKind& k) {
  return JsonObject().add("code", k.code).add("name", k.name).add("class", k.kind_class).str();
}

std::string json(const Calendar& c, const std::vector<DayChange>& days = {}) {
  std::string changes = "[";
  for (std::size_t i = 0; i < days.size(); ++i)
    changes += std::string(i ? "," : "") + "{\"date\":\"" + access::formatDate(days[i].date) +
               "\",\"date_kind_id\":" + (days[i].date_kind_id ? std::to_string(*days[i].date_kind_id) : "null") + "}";
  return JsonObject().add("name", c.name).add("weekly", weeklyText(c.weekly)).addRaw("days", changes + "]").str();
}

std::string json(const Schedule& sc) {
  std::string ids = "[";
  for (std::size_t i = 0; i < sc.gate_ids.size(); ++i) ids += (i ? "," : "") + std::to_string(sc.gate_ids[i]);
  std::string bands = "[";
  for (std::size_t i = 0; i < sc.bands.size(); ++i) {
    const TimeBand& b = sc.bands[i];
    bands += (i ? "," : "") + JsonObject()
                                  .add("date_kind_id", b.date_kind_id)
                                  .add("start", access::formatMinuteOfDay(b.start_minute))
                                  .add("end", access::formatMinuteOfDay(b.end_minute))
                                  .add("door_mode", access::toString(b.door_mode))
                                  .add("passable_level", b.passable_level)
                                  .add("verification_mode", b.verification_mode)
                                  .str();
  }
  return JsonObject()
      .add("code", sc.code)
      .add("name", sc.name)
      .add("description", sc.description)
      .addRaw("gate_ids", ids + "]")
      .addRaw("bands", bands + "]")
      .str();
}

std::optional<Schedule> loadSchedule(soci::session& s, int64_t id) {
  std::optional<Schedule> out;
  querySql(s, "SELECT id, code, name, description, updated_at_ms FROM schedules WHERE id = :i", {id},
           [&](const SqlRow& row) {
             Schedule sc;
             sc.id = sqlInteger(row.values[0]);
             sc.code = sqlText(row.values[1]);
             sc.name = sqlText(row.values[2]);
             sc.description = sqlText(row.values[3]);
             sc.updated_at_ms = sqlInteger(row.values[4]);
             out = sc;
             return false;
           });
  if (!out) return out;
  querySql(s, "SELECT gate_id FROM gate_schedules WHERE schedule_id = :i ORDER BY gate_id", {id},
           [&](const SqlRow& row) {
             out->gate_ids.push_back(sqlInteger(row.values[0]));
             return true;
           });
  querySql(s,
           "SELECT date_kind_id, start_minute, end_minute, door_mode, passable_level, verification_mode"
           " FROM schedule_bands WHERE schedule_id = :i ORDER BY date_kind_id, start_minute",
           {id}, [&](const SqlRow& row) {
             TimeBand b;
             b.date_kind_id = sqlInteger(row.values[0]);
             b.start_minute = static_cast<int>(sqlInteger(row.values[1]));
             b.end_minute = static_cast<int>(sqlInteger(row.values[2]));
             b.door_mode = access::doorModeFromString(sqlText(row.values[3])).value_or(access::DoorMode::Card);
             b.passable_level = static_cast<int>(sqlInteger(row.values[4]));
             b.verification_mode = sqlText(row.values[5]);
             out->bands.push_back(b);
             return true;
           });
  return out;
}

Schedule requireSchedule(soci::session& s, int64_t id) {
  std::optional<Schedule> sc = loadSchedule(s, id);
  if (!sc) throw DomainError("not_found", "schedule " + std::to_string(id) + " does not exist");
  return *sc;
}

std::vector<int64_t> allIds(soci::session& s, const std::string& sql) {
  std::vector<int64_t> ids;
  querySql(s, sql, {}, [&](const SqlRow& row) {
    ids.push_back(sqlInteger(row.values[0]));
    return true;
  });
  return ids;
}

void validate(soci::session& s, const DateKind& k) {
  std::vector<FieldProblem> problems;
  if (auto r = checkCode(k.code); !r.empty()) problems.push_back({"code", k.code, r});
  if (auto r = checkText(k.name, 64, true); !r.empty()) problems.push_back({"name", k.name, r});
  if (k.kind_class != "weekday" && k.kind_class != "holiday" && k.kind_class != "special")
    problems.push_back({"class", k.kind_class, "is not one of weekday, holiday, special"});
  (void)s;
  if (!problems.empty())
    throw DomainError("invalid", "date kind: " + problems.front().field + " " + problems.front().reason, problems);
}

void validate(soci::session& s, const Schedule& sc, std::size_t maxBands) {
  std::vector<FieldProblem> problems;
  if (auto r = checkCode(sc.code); !r.empty()) problems.push_back({"code", sc.code, r});
  if (auto r = checkText(sc.name, 64, true); !r.empty()) problems.push_back({"name", sc.name, r});
  if (auto r = checkText(sc.description, 256, false); !r.empty())
    problems.push_back({"description", sc.description, r});
  if (sc.bands.size() > maxBands)
    problems.push_back({"bands", std::to_string(sc.bands.size()), "more than " + std::to_string(maxBands) + " bands"});
  for (const std::string& p : access::bandProblems(sc.bands)) problems.push_back({"bands", "", p});
  std::set<int64_t> kinds;
  for (const TimeBand& b : sc.bands) {
    if (!isVerificationMode(b.verification_mode))
      problems.push_back({"bands.verification_mode", b.verification_mode,
                          "is not one of card, card_and_pin, card_or_pin, finger_vein, card_and_finger_vein"});
    kinds.insert(b.date_kind_id);
  }
  for (int64_t kind : kinds)
    if (!dateKindExists(s, kind)) problems.push_back({"bands.date_kind_id", std::to_string(kind), "no such date kind"});
  if (!problems.empty())
    throw DomainError("invalid",
                      "schedule: " + problems.front().field + " " +
                          (problems.front().value.empty() ? "" : "'" + problems.front().value + "' ") +
                          problems.front().reason,
                      problems);
}

/// Stores the bands and gates of a schedule (replacing what it had); a gate follows one schedule.
void storeScheduleParts(soci::session& s, const Actor& actor, const Schedule& sc) {
  executeSql(s, "DELETE FROM schedule_bands WHERE schedule_id = :i", {sc.id});
  for (const TimeBand& b : sc.bands)
    executeSql(s,
               "INSERT INTO schedule_bands (schedule_id, date_kind_id, start_minute, end_minute, door_mode,"
               " passable_level, verification_mode) VALUES (:a, :b, :c, :d, :e, :f, :g)",
               {sc.id, b.date_kind_id, int64_t{b.start_minute}, int64_t{b.end_minute},
                std::string(access::toString(b.door_mode)), int64_t{b.passable_level}, b.verification_mode});
  executeSql(s, "DELETE FROM gate_schedules WHERE schedule_id = :i", {sc.id});
  for (int64_t gate : sc.gate_ids) {
    int64_t group = -1;
    querySql(s, "SELECT management_group_id FROM gates WHERE id = :i", {gate}, [&](const SqlRow& row) {
      group = sqlInteger(row.values[0]);
      return false;
    });
    if (group < 0)
      throw DomainError("invalid", "gate " + std::to_string(gate) + " does not exist",
                        {{"gate_ids", std::to_string(gate), "no such gate"}});
    if (!actor.inManagementGroupScope(group))
      throw DomainError("forbidden", "gate " + std::to_string(gate) + " is in management group " +
                                         std::to_string(group) + ", outside the management groups of operator '" +
                                         actor.name() + "'");
    const int64_t other = queryInteger(s, "SELECT schedule_id FROM gate_schedules WHERE gate_id = :g", {gate}, 0);
    if (other != 0)
      throw DomainError("conflict",
                        "gate " + std::to_string(gate) + " already follows schedule " + std::to_string(other) +
                            "; a gate follows one schedule",
                        {{"gate_ids", std::to_string(gate), "already follows schedule " + std::to_string(other)}});
    executeSql(s, "INSERT INTO gate_schedules (gate_id, schedule_id) VALUES (:g, :s)", {gate, sc.id});
  }
}

/// Refuses one more row of `table` past `limit` (SPEC section 3), naming `what`.
void requireBelowLimit(soci::session& s, const std::string& table, std::size_t limit, const std::string& what) {
  if (queryInteger(s, "SELECT COUNT(*) FROM " + table, {}) >= static_cast<int64_t>(limit))
    throw DomainError("limit", "there are already " + std::to_string(limit) + " " + what);
}

/// A schedule's gates must all lie in the actor's management groups to change or delete it.
void requireScheduleScope(soci::session& s, const Actor& actor, const Schedule& schedule) {
  for (int64_t gate : schedule.gate_ids) {
    const int64_t group = queryInteger(s, "SELECT management_group_id FROM gates WHERE id = :i", {gate});
    if (!actor.inManagementGroupScope(group))
      throw DomainError("forbidden", "schedule '" + schedule.code + "' is followed by gate " + std::to_string(gate) +
                                         ", outside the management groups of operator '" + actor.name() + "'");
  }
}

void setDay(soci::session& s, int64_t calendarId, CivilDate date, std::optional<int64_t> kind) {
  executeSql(s, "DELETE FROM calendar_days WHERE calendar_id = :c AND day = :d",
             {calendarId, int64_t{access::dateKey(date)}});
  if (kind)
    executeSql(s, "INSERT INTO calendar_days (calendar_id, day, date_kind_id) VALUES (:c, :d, :k)",
               {calendarId, int64_t{access::dateKey(date)}, *kind});
}

/// Copies the template's weekly pattern and its dates from `from` on into `target`.
void copyTemplateInto(soci::session& s, int64_t target, CivilDate from) {
  const Calendar tmpl = requireCalendar(s, templateId(s));
  executeSql(s, "UPDATE calendars SET weekly = :w WHERE id = :i", {weeklyText(tmpl.weekly), target});
  executeSql(s, "DELETE FROM calendar_days WHERE calendar_id = :c AND day >= :d",
             {target, int64_t{access::dateKey(from)}});
  executeSql(
      s,
      "INSERT INTO calendar_days (calendar_id, day, date_kind_id) SELECT :t, day, date_kind_id FROM calendar_days"
      " WHERE calendar_id = :c AND day >= :d",
      {target, tmpl.id, int64_t{access::dateKey(from)}});
}

}  // namespace

// ---- date kinds ----

std::vector<DateKind> CalendarService::listDateKinds(const Actor& actor) {
  requireView(actor);
  Database::Lease lease = context_.db.acquire();
  return loadDateKinds(lease.session());
}

DateKind CalendarService::createDateKind(const Actor& actor, const DateKind& input) {
  requireEdit(actor);
  Database::Lease lease = context_.db.acquire();
  auto& s = lease.session();
  validate(s, input);
  WriteTransaction tx(s, context_.db.dialect());
  requireBelowLimit(s, "date_kinds", context_.limits.date_kinds, "date kinds");
  DateKind out = input;
  out.updated_at_ms = context_.clock.nowMs();
  out.id =
      insertWithId(s, context_.db.dialect(), "date_kinds", "code, name, kind_class, updated_at_ms", ":a, :b, :c, :d",
                   {out.code, out.name, out.kind_class, out.updated_at_ms}, "date kind code '" + input.code + "'");
  bumpRevision(s);
  ChangeLog::recordUserSetting(s, out.updated_at_ms, actor, "register", "date_kind", out.code, "", json(out));
  ChangeLog::recordSystem(s, out.updated_at_ms, actor, "calendars", "create date kind", "ok", out.code);
  tx.commit();
  context_.publish("monban.calendars.changed", JsonObject().add("date_kind_id", out.id).add("change", "created").str());
  return out;
}

DateKind CalendarService::updateDateKind(const Actor& actor, const DateKind& input) {
  requireEdit(actor);
  Database::Lease lease = context_.db.acquire();
  auto& s = lease.session();
  validate(s, input);
  WriteTransaction tx(s, context_.db.dialect());
  std::optional<DateKind> before;
  for (const DateKind& k : loadDateKinds(s))
    if (k.id == input.id) before = k;
  if (!before) throw DomainError("not_found", "date kind " + std::to_string(input.id) + " does not exist");
  DateKind out = input;
  out.updated_at_ms = context_.clock.nowMs();
  uniqueAs("date kind code '" + input.code + "'", [&] {
    return executeSql(s,
                      "UPDATE date_kinds SET code = :a, name = :b, kind_class = :c, updated_at_ms = :d WHERE id = :i",
                      {out.code, out.name, out.kind_class, out.updated_at_ms, out.id});
  });
  bumpRevision(s);
  ChangeLog::recordUserSetting(s, out.updated_at_ms, actor, "change", "date_kind", out.code, json(*before), json(out));
  ChangeLog::recordSystem(s, out.updated_at_ms, actor, "calendars", "update date kind", "ok", out.code);
  tx.commit();
  context_.publish("monban.calendars.changed", JsonObject().add("date_kind_id", out.id).add("change", "updated").str());
  return out;
}

void CalendarService::deleteDateKind(const Actor& actor, int64_t id) {
  requireEdit(actor);
  Database::Lease lease = context_.db.acquire();
  auto& s = lease.session();
  WriteTransaction tx(s, context_.db.dialect());
  std::optional<DateKind> before;
  for (const DateKind& k : loadDateKinds(s))
    if (k.id == id) before = k;
  if (!before) throw DomainError("not_found", "date kind " + std::to_string(id) + " does not exist");
  const std::string kind = std::to_string(id);
  bool inWeekly = false;
  for (int64_t calendar : allIds(s, "SELECT id FROM calendars"))
    for (int64_t k : requireCalendar(s, calendar).weekly) inWeekly = inWeekly || k == id;
  if (inWeekly || queryInteger(s, "SELECT COUNT(*) FROM calendar_days WHERE date_kind_id = :k", {id}) > 0 ||
      queryInteger(s, "SELECT COUNT(*) FROM annual_days WHERE date_kind_id = :k", {id}) > 0 ||
      queryInteger(s, "SELECT COUNT(*) FROM schedule_bands WHERE date_kind_id = :k", {id}) > 0)
    throw DomainError("in_use", "date kind '" + before->code +
                                    "' is used by a calendar, an annual day or a schedule band; change those first");
  executeSql(s, "DELETE FROM date_kinds WHERE id = :i", {id});
  bumpRevision(s);
  const int64_t now = context_.clock.nowMs();
  ChangeLog::recordUserSetting(s, now, actor, "delete", "date_kind", before->code, json(*before), "");
  ChangeLog::recordSystem(s, now, actor, "calendars", "delete date kind", "ok", before->code);
  tx.commit();
  context_.publish("monban.calendars.changed", JsonObject().add("date_kind_id", id).add("change", "deleted").str());
}

// ---- annual fixed days ----

std::vector<AnnualDay> CalendarService::annualDays(const Actor& actor) {
  requireView(actor);
  Database::Lease lease = context_.db.acquire();
  return loadAnnualDays(lease.session());
}

std::vector<AnnualDay> CalendarService::replaceAnnualDays(const Actor& actor, const std::vector<AnnualDay>& days) {
  requireEdit(actor);
  Database::Lease lease = context_.db.acquire();
  auto& s = lease.session();
  std::vector<FieldProblem> problems;
  if (days.size() > context_.limits.annual_days)
    problems.push_back({"items", std::to_string(days.size()),
                        "more than " + std::to_string(context_.limits.annual_days) + " annual fixed days"});
  std::set<int> seen;
  for (const AnnualDay& d : days) {
    const std::string where = std::to_string(d.month) + "-" + std::to_string(d.day);
    if (!access::isValidDate(2024, d.month, d.day)) problems.push_back({"items.day", where, "is not a day of a year"});
    if (!seen.insert(d.month * 100 + d.day).second) problems.push_back({"items.day", where, "is listed twice"});
    if (auto r = checkText(d.name, 64, false); !r.empty()) problems.push_back({"items.name", d.name, r});
    if (!dateKindExists(s, d.date_kind_id))
      problems.push_back({"items.date_kind_id", std::to_string(d.date_kind_id), "no such date kind"});
  }
  if (!problems.empty())
    throw DomainError("invalid", "annual fixed days: '" + problems.front().value + "' " + problems.front().reason,
                      problems);
  WriteTransaction tx(s, context_.db.dialect());
  const std::vector<AnnualDay> before = loadAnnualDays(s);
  executeSql(s, "DELETE FROM annual_days", {});
  for (const AnnualDay& d : days)
    executeSql(s, "INSERT INTO annual_days (month, day, name, date_kind_id) VALUES (:m, :d, :n, :k)",
               {int64_t{d.month}, int64_t{d.day}, d.name, d.date_kind_id});
  bumpRevision(s);
  const int64_t now = context_.clock.nowMs();
  auto listJson = [](const std::vector<AnnualDay>& list) {
    std::string out = "[";
    for (std::size_t i = 0; i < list.size(); ++i)
      out += (i ? "," : "") + JsonObject()
                                  .add("month", list[i].month)
                                  .add("day", list[i].day)
                                  .add("name", list[i].name)
                                  .add("date_kind_id", list[i].date_kind_id)
                                  .str();
    return out + "]";
  };
  ChangeLog::recordUserSetting(s, now, actor, "change", "annual_days", "all", listJson(before), listJson(days));
  ChangeLog::recordSystem(s, now, actor, "calendars", "replace annual days", "ok", std::to_string(days.size()));
  tx.commit();
  context_.publish("monban.calendars.changed", JsonObject().add("change", "annual_days").str());
  return loadAnnualDays(s);
}

// ---- calendars ----

std::vector<Calendar> CalendarService::listCalendars(const Actor& actor) {
  requireView(actor);
  Database::Lease lease = context_.db.acquire();
  auto& s = lease.session();
  std::vector<Calendar> out;
  for (int64_t id : allIds(s, "SELECT id FROM calendars ORDER BY is_template DESC, id"))
    out.push_back(*loadCalendar(s, id));
  return out;
}

CalendarView CalendarService::calendar(const Actor& actor, int64_t id, std::optional<CivilDate> from,
                                       std::optional<CivilDate> to) {
  requireView(actor);
  Database::Lease lease = context_.db.acquire();
  auto& s = lease.session();
  const Ranges r = rangesAt(context_.clock.nowMs());
  CalendarView view;
  view.calendar = requireCalendar(s, id);
  view.viewable_from = r.viewable_from;
  view.viewable_to = r.viewable_to;
  view.editable_from = r.editable_from;
  view.editable_to = r.editable_to;
  const CivilDate first = std::max(from.value_or(r.viewable_from), r.viewable_from);
  const CivilDate last = std::min(to.value_or(r.viewable_to), r.viewable_to);
  const access::CalendarRules rules = loadRules(s, view.calendar);
  for (CivilDate d = first; d <= last; d = access::addDays(d, 1)) view.days.push_back({d, rules.kindOn(d)});
  return view;
}

Calendar CalendarService::createCalendar(const Actor& actor, int64_t managementGroupId, const std::string& name) {
  requireEdit(actor);
  if (!actor.inManagementGroupScope(managementGroupId))
    throw DomainError("forbidden", "management group " + std::to_string(managementGroupId) +
                                       " is outside the management groups of operator '" + actor.name() + "'");
  if (auto r = checkText(name, 64, true); !r.empty()) throw DomainError("invalid", "name " + r, {{"name", name, r}});
  Database::Lease lease = context_.db.acquire();
  auto& s = lease.session();
  WriteTransaction tx(s, context_.db.dialect());
  int64_t groupCalendar = -1;
  bool groupExists = false;
  querySql(s, "SELECT calendar_id FROM management_groups WHERE id = :i", {managementGroupId}, [&](const SqlRow& row) {
    groupExists = true;
    groupCalendar = sqlInteger(row.values[0], 0);
    return false;
  });
  if (!groupExists)
    throw DomainError("invalid", "management group " + std::to_string(managementGroupId) + " does not exist",
                      {{"management_group_id", std::to_string(managementGroupId), "no such management group"}});
  if (groupCalendar > 0)
    throw DomainError("conflict", "management group " + std::to_string(managementGroupId) + " already has calendar " +
                                      std::to_string(groupCalendar) + "; a management group has one calendar");
  // One calendar per management group besides the template.
  if (queryInteger(s, "SELECT COUNT(*) FROM calendars WHERE is_template = 0", {}) >=
      static_cast<int64_t>(context_.limits.calendars))
    throw DomainError("limit", "there are already " + std::to_string(context_.limits.calendars) + " calendars");
  const int64_t now = context_.clock.nowMs();
  const int64_t id = insertWithId(s, context_.db.dialect(), "calendars", "name, is_template, weekly, updated_at_ms",
                                  ":a, 0, :b, :c", {name, std::string("1,1,1,1,1,2,2"), now}, "calendar");
  copyTemplateInto(s, id, rangesAt(now).editable_from);
  executeSql(s, "UPDATE management_groups SET calendar_id = :c WHERE id = :g", {id, managementGroupId});
  bumpRevision(s);
  const Calendar out = requireCalendar(s, id);
  ChangeLog::recordUserSetting(s, now, actor, "register", "calendar", std::to_string(id), "", json(out));
  ChangeLog::recordSystem(s, now, actor, "calendars", "create calendar", "ok",
                          name + " for management group " + std::to_string(managementGroupId));
  tx.commit();
  context_.publish("monban.calendars.changed", JsonObject().add("id", id).add("change", "created").str());
  return out;
}

Calendar CalendarService::updateCalendar(const Actor& actor, const CalendarChange& change) {
  requireEdit(actor);
  Database::Lease lease = context_.db.acquire();
  auto& s = lease.session();
  const Ranges r = rangesAt(context_.clock.nowMs());
  std::vector<FieldProblem> problems;
  if (change.name)
    if (auto why = checkText(*change.name, 64, true); !why.empty()) problems.push_back({"name", *change.name, why});
  if (change.weekly)
    for (int64_t kind : *change.weekly)
      if (!dateKindExists(s, kind)) problems.push_back({"weekly", std::to_string(kind), "no such date kind"});
  for (const DayChange& d : change.days) {
    if (d.date < r.editable_from || d.date > r.editable_to)
      problems.push_back({"days.date", access::formatDate(d.date),
                          "is outside the editable range " + access::formatDate(r.editable_from) + " to " +
                              access::formatDate(r.editable_to)});
    if (d.date_kind_id && !dateKindExists(s, *d.date_kind_id))
      problems.push_back({"days.date_kind_id", std::to_string(*d.date_kind_id), "no such date kind"});
  }
  if (!problems.empty())
    throw DomainError(
        "invalid",
        "calendar: " + problems.front().field + " '" + problems.front().value + "' " + problems.front().reason,
        problems);
  WriteTransaction tx(s, context_.db.dialect());
  const Calendar before = requireCalendar(s, change.id);
  requireCalendarScope(actor, before);
  const int64_t now = context_.clock.nowMs();
  Calendar after = before;
  if (change.name) after.name = *change.name;
  if (change.weekly) after.weekly = *change.weekly;
  executeSql(s, "UPDATE calendars SET name = :n, weekly = :w, updated_at_ms = :t WHERE id = :i",
             {after.name, weeklyText(after.weekly), now, after.id});
  for (const DayChange& d : change.days) setDay(s, after.id, d.date, d.date_kind_id);
  bumpRevision(s);
  ChangeLog::recordUserSetting(s, now, actor, "change", "calendar", std::to_string(after.id), json(before),
                               json(after, change.days));
  ChangeLog::recordSystem(s, now, actor, "calendars", "update calendar", "ok",
                          after.name + ", " + std::to_string(change.days.size()) + " dates");
  tx.commit();
  context_.publish("monban.calendars.changed", JsonObject().add("id", after.id).add("change", "updated").str());
  return *loadCalendar(s, after.id);
}

Calendar CalendarService::copyTemplate(const Actor& actor, int64_t id) {
  requireEdit(actor);
  Database::Lease lease = context_.db.acquire();
  auto& s = lease.session();
  WriteTransaction tx(s, context_.db.dialect());
  const Calendar before = requireCalendar(s, id);
  requireCalendarScope(actor, before);
  if (before.is_template) throw DomainError("conflict", "calendar " + std::to_string(id) + " is the template itself");
  const int64_t now = context_.clock.nowMs();
  copyTemplateInto(s, id, rangesAt(now).editable_from);
  executeSql(s, "UPDATE calendars SET updated_at_ms = :t WHERE id = :i", {now, id});
  bumpRevision(s);
  const Calendar after = requireCalendar(s, id);
  ChangeLog::recordUserSetting(s, now, actor, "change", "calendar", std::to_string(id), json(before), json(after));
  ChangeLog::recordSystem(s, now, actor, "calendars", "copy template", "ok", after.name);
  tx.commit();
  context_.publish("monban.calendars.changed", JsonObject().add("id", id).add("change", "updated").str());
  return after;
}

void CalendarService::deleteCalendar(const Actor& actor, int64_t id) {
  requireEdit(actor);
  Database::Lease lease = context_.db.acquire();
  auto& s = lease.session();
  WriteTransaction tx(s, context_.db.dialect());
  const Calendar before = requireCalendar(s, id);
  requireCalendarScope(actor, before);
  if (before.is_template) throw DomainError("conflict", "the template calendar cannot be deleted");
  executeSql(s, "UPDATE management_groups SET calendar_id = NULL WHERE calendar_id = :i", {id});
  executeSql(s, "DELETE FROM calendar_days WHERE calendar_id = :i", {id});
  executeSql(s, "DELETE FROM calendars WHERE id = :i", {id});
  bumpRevision(s);
  const int64_t now = context_.clock.nowMs();
  ChangeLog::recordUserSetting(s, now, actor, "delete", "calendar", std::to_string(id), json(before), "");
  ChangeLog::recordSystem(s, now, actor, "calendars", "delete calendar", "ok", before.name);
  tx.commit();
  context_.publish("monban.calendars.changed", JsonObject().add("id", id).add("change", "deleted").str());
}

CalendarImportResult CalendarService::importICalendar(const Actor& actor, int64_t id, const std::string& content,
                                                      std::optional<int64_t> dateKindId) {
  requireEdit(actor);
  const Ranges r = rangesAt(context_.clock.nowMs());
  // Dates before the editable range are counted as skipped, so read from a year back.
  const std::vector<ICalDate> dates = readICalendarDates(content, r.viewable_from, r.editable_to);
  std::map<std::string, int64_t> kindByCode;
  {
    Database::Lease lease = context_.db.acquire();
    for (const DateKind& k : loadDateKinds(lease.session())) kindByCode[k.code] = k.id;
    if (dateKindId && !dateKindExists(lease.session(), *dateKindId))
      throw DomainError("invalid", "date kind " + std::to_string(*dateKindId) + " does not exist",
                        {{"date_kind_id", std::to_string(*dateKindId), "no such date kind"}});
  }
  CalendarImportResult result;
  CalendarChange change;
  change.id = id;
  std::set<int32_t> seen;
  for (const ICalDate& d : dates) {
    if (d.date < r.editable_from) {
      ++result.skipped;
      continue;
    }
    std::optional<int64_t> kind = dateKindId;
    if (!kind) {
      auto it = kindByCode.find(d.category);
      if (it == kindByCode.end())
        throw DomainError("invalid", "the event on " + access::formatDate(d.date) + " has category '" + d.category +
                                         "', which is no date kind code; choose a date kind for the import");
      kind = it->second;
    }
    if (!seen.insert(access::dateKey(d.date)).second) continue;
    change.days.push_back({d.date, kind});
    ++result.applied;
  }
  if (change.days.empty()) {
    Database::Lease lease = context_.db.acquire();
    requireCalendarScope(actor, requireCalendar(lease.session(), id));
  } else {
    updateCalendar(actor, change);
  }
  return result;
}

std::string CalendarService::exportICalendar(const Actor& actor, int64_t id) {
  requireView(actor);
  Database::Lease lease = context_.db.acquire();
  auto& s = lease.session();
  const Calendar c = requireCalendar(s, id);
  std::map<int64_t, DateKind> kinds;
  for (const DateKind& k : loadDateKinds(s)) kinds[k.id] = k;
  std::vector<ICalExportDay> days;
  querySql(s, "SELECT day, date_kind_id FROM calendar_days WHERE calendar_id = :i ORDER BY day", {id},
           [&](const SqlRow& row) {
             const DateKind& k = kinds[sqlInteger(row.values[1])];
             days.push_back({access::dateFromKey(static_cast<int32_t>(sqlInteger(row.values[0]))), k.code, k.name});
             return true;
           });
  return writeICalendar(c.name, c.id, days, context_.clock.nowMs());
}

// ---- schedules ----

std::vector<Schedule> CalendarService::listSchedules(const Actor& actor) {
  requireView(actor);
  Database::Lease lease = context_.db.acquire();
  auto& s = lease.session();
  std::vector<Schedule> out;
  for (int64_t id : allIds(s, "SELECT id FROM schedules ORDER BY code")) out.push_back(*loadSchedule(s, id));
  return out;
}

Schedule CalendarService::schedule(const Actor& actor, int64_t id) {
  requireView(actor);
  Database::Lease lease = context_.db.acquire();
  return requireSchedule(lease.session(), id);
}

Schedule CalendarService::createSchedule(const Actor& actor, const Schedule& input) {
  requireEdit(actor);
  Database::Lease lease = context_.db.acquire();
  auto& s = lease.session();
  validate(s, input, context_.limits.bands_per_schedule);
  WriteTransaction tx(s, context_.db.dialect());
  requireBelowLimit(s, "schedules", context_.limits.schedules, "schedules");
  Schedule out = input;
  out.updated_at_ms = context_.clock.nowMs();
  out.id =
      insertWithId(s, context_.db.dialect(), "schedules", "code, name, description, updated_at_ms", ":a, :b, :c, :d",
                   {out.code, out.name, out.description, out.updated_at_ms}, "schedule code '" + input.code + "'");
  storeScheduleParts(s, actor, out);
  bumpRevision(s);
  out = requireSchedule(s, out.id);
  ChangeLog::recordUserSetting(s, out.updated_at_ms, actor, "register", "schedule", out.code, "", json(out));
  ChangeLog::recordSystem(s, out.updated_at_ms, actor, "schedules", "create", "ok", out.code);
  tx.commit();
  context_.publish("monban.schedules.changed", JsonObject().add("id", out.id).add("change", "created").str());
  return out;
}

Schedule CalendarService::updateSchedule(const Actor& actor, const Schedule& input) {
  requireEdit(actor);
  Database::Lease lease = context_.db.acquire();
  auto& s = lease.session();
  validate(s, input, context_.limits.bands_per_schedule);
  WriteTransaction tx(s, context_.db.dialect());
  const Schedule before = requireSchedule(s, input.id);
  requireScheduleScope(s, actor, before);
  Schedule out = input;
  out.updated_at_ms = context_.clock.nowMs();
  uniqueAs("schedule code '" + input.code + "'", [&] {
    return executeSql(s,
                      "UPDATE schedules SET code = :a, name = :b, description = :c, updated_at_ms = :d WHERE id = :i",
                      {out.code, out.name, out.description, out.updated_at_ms, out.id});
  });
  storeScheduleParts(s, actor, out);
  bumpRevision(s);
  out = requireSchedule(s, out.id);
  ChangeLog::recordUserSetting(s, out.updated_at_ms, actor, "change", "schedule", out.code, json(before), json(out));
  ChangeLog::recordSystem(s, out.updated_at_ms, actor, "schedules", "update", "ok", out.code);
  tx.commit();
  context_.publish("monban.schedules.changed", JsonObject().add("id", out.id).add("change", "updated").str());
  return out;
}

void CalendarService::deleteSchedule(const Actor& actor, int64_t id) {
  requireEdit(actor);
  Database::Lease lease = context_.db.acquire();
  auto& s = lease.session();
  WriteTransaction tx(s, context_.db.dialect());
  const Schedule before = requireSchedule(s, id);
  requireScheduleScope(s, actor, before);
  executeSql(s, "DELETE FROM gate_schedules WHERE schedule_id = :i", {id});
  executeSql(s, "DELETE FROM schedule_bands WHERE schedule_id = :i", {id});
  executeSql(s, "DELETE FROM schedules WHERE id = :i", {id});
  bumpRevision(s);
  const int64_t now = context_.clock.nowMs();
  ChangeLog::recordUserSetting(s, now, actor, "delete", "schedule", before.code, json(before), "");
  ChangeLog::recordSystem(s, now, actor, "schedules", "delete", "ok", before.code);
  tx.commit();
  context_.publish("monban.schedules.changed", JsonObject().add("id", id).add("change", "deleted").str());
}

// ---- effective mode ----

GateModeAnswer CalendarService::modeAt(const Actor& actor, int64_t gateId, int64_t atMs) {
  if (!actor.rights().allows(Right::CalendarsSchedules, AccessLevel::View))
    actor.require(Right::Gates, AccessLevel::View);
  Database::Lease lease = context_.db.acquire();
  auto& s = lease.session();
  bool found = false;
  int64_t group = 0;
  access::GateSettings settings;
  querySql(s, "SELECT management_group_id, unlock_mode, verification_mode FROM gates WHERE id = :i", {gateId},
           [&](const SqlRow& row) {
             found = true;
             group = sqlInteger(row.values[0]);
             settings.unlock_mode = sqlText(row.values[1]);
             settings.verification_mode = sqlText(row.values[2]);
             return false;
           });
  if (!found) throw DomainError("not_found", "gate " + std::to_string(gateId) + " does not exist");
  if (!actor.inManagementGroupScope(group))
    throw DomainError("forbidden", "gate " + std::to_string(gateId) + " is in management group " +
                                       std::to_string(group) + ", outside the management groups of operator '" +
                                       actor.name() + "'");
  GateModeAnswer answer;
  answer.gate_id = gateId;
  answer.at_ms = atMs;
  answer.local = access::toLocal(atMs);
  int64_t calendarId = queryInteger(s, "SELECT calendar_id FROM management_groups WHERE id = :i", {group}, 0);
  if (calendarId == 0) calendarId = templateId(s);
  answer.calendar_id = calendarId;
  const access::CalendarRules rules = loadRules(s, requireCalendar(s, calendarId));
  const int64_t scheduleId = queryInteger(s, "SELECT schedule_id FROM gate_schedules WHERE gate_id = :g", {gateId}, 0);
  std::optional<Schedule> sc;
  if (scheduleId != 0) {
    answer.schedule_id = scheduleId;
    sc = loadSchedule(s, scheduleId);
  }
  answer.mode = access::effectiveMode(rules, sc ? &sc->bands : nullptr, settings, answer.local);
  return answer;
}

CalendarTables CalendarService::tables(const Actor& actor) {
  requireView(actor);
  Database::Lease lease = context_.db.acquire();
  auto& s = lease.session();
  CalendarTables t;
  t.date_kinds = loadDateKinds(s);
  t.annual_days = loadAnnualDays(s);
  for (int64_t id : allIds(s, "SELECT id FROM calendars ORDER BY id")) t.calendars.push_back(*loadCalendar(s, id));
  for (int64_t id : allIds(s, "SELECT id FROM schedules ORDER BY id")) t.schedules.push_back(*loadSchedule(s, id));
  return t;
}

int64_t CalendarService::revision() {
  Database::Lease lease = context_.db.acquire();
  return queryInteger(lease.session(), "SELECT revision FROM domain_revisions WHERE name = 'calendars'", {});
}

}  // namespace monban::host::domain
