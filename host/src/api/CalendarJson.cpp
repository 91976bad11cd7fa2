#include "monban/host/api/CalendarJson.h"

#include <Poco/JSON/Array.h>

#include "monban/host/domain/DomainError.h"

namespace monban::host::api {

using namespace monban::host::domain;
using access::formatDate;
using access::formatMinuteOfDay;

namespace {

template <class Container>
Poco::JSON::Array idArray(const Container& ids) {
  Poco::JSON::Array out;
  for (int64_t id : ids) out.add(id);
  return out;
}

Poco::JSON::Object calendarFields(const Calendar& c) {
  Poco::JSON::Object o;
  o.set("id", c.id);
  o.set("name", c.name);
  o.set("template", c.is_template);
  o.set("weekly", idArray(c.weekly));
  o.set("management_group_ids", idArray(c.management_group_ids));
  o.set("updated_at_ms", c.updated_at_ms);
  return o;
}

int minuteField(const JsonRequest& in, const std::string& key, bool endOfDay) {
  const std::string text = in.requiredText(key);
  const std::optional<int> minute = access::parseMinuteOfDay(text, endOfDay);
  if (!minute)
    throw DomainError("invalid", "field 'bands." + key + "' '" + text + "' is not a time HH:MM",
                      {{"bands." + key, text, endOfDay ? "is not a time 00:00-24:00" : "is not a time 00:00-23:59"}});
  return *minute;
}

}  // namespace

access::CivilDate dateField(const JsonRequest& in, const std::string& key) {
  const std::string text = in.requiredText(key);
  const std::optional<access::CivilDate> date = access::parseDate(text);
  if (!date)
    throw DomainError("invalid", "field '" + key + "' '" + text + "' is not a date YYYY-MM-DD",
                      {{key, text, "is not a date YYYY-MM-DD"}});
  return *date;
}

Poco::JSON::Object toJson(const DateKind& kind) {
  Poco::JSON::Object o;
  o.set("id", kind.id);
  o.set("code", kind.code);
  o.set("name", kind.name);
  o.set("class", kind.kind_class);
  o.set("updated_at_ms", kind.updated_at_ms);
  return o;
}

Poco::JSON::Object toJson(const AnnualDay& day) {
  Poco::JSON::Object o;
  o.set("month", day.month);
  o.set("day", day.day);
  o.set("name", day.name);
  o.set("date_kind_id", day.date_kind_id);
  return o;
}

Poco::JSON::Object toJson(const Calendar& calendar) {
  return calendarFields(calendar);
}

Poco::JSON::Object toJson(const CalendarView& view) {
  Poco::JSON::Object o = calendarFields(view.calendar);
  o.set("viewable_from", formatDate(view.viewable_from));
  o.set("viewable_to", formatDate(view.viewable_to));
  o.set("editable_from", formatDate(view.editable_from));
  o.set("editable_to", formatDate(view.editable_to));
  Poco::JSON::Array days;
  for (const CalendarDay& d : view.days) {
    Poco::JSON::Object day;
    day.set("date", formatDate(d.date));
    day.set("date_kind_id", d.kind.date_kind_id);
    day.set("source", std::string(access::toString(d.kind.source)));
    days.add(day);
  }
  o.set("days", days);
  return o;
}

Poco::JSON::Object toJson(const Schedule& schedule) {
  Poco::JSON::Object o;
  o.set("id", schedule.id);
  o.set("code", schedule.code);
  o.set("name", schedule.name);
  o.set("description", schedule.description);
  o.set("gate_ids", idArray(schedule.gate_ids));
  Poco::JSON::Array bands;
  for (const access::TimeBand& b : schedule.bands) {
    Poco::JSON::Object band;
    band.set("date_kind_id", b.date_kind_id);
    band.set("start", formatMinuteOfDay(b.start_minute));
    band.set("end", formatMinuteOfDay(b.end_minute));
    band.set("door_mode", std::string(access::toString(b.door_mode)));
    band.set("passable_level", b.passable_level);
    band.set("verification_mode", b.verification_mode);
    bands.add(band);
  }
  o.set("bands", bands);
  o.set("updated_at_ms", schedule.updated_at_ms);
  return o;
}

Poco::JSON::Object toJson(const GateModeAnswer& answer) {
  Poco::JSON::Object o;
  o.set("gate_id", answer.gate_id);
  o.set("at", access::formatLocalDateTime(answer.at_ms));
  o.set("at_ms", answer.at_ms);
  o.set("local_date", formatDate(answer.local.date));
  o.set("date_kind_id", answer.mode.date_kind.date_kind_id);
  o.set("date_kind_source", std::string(access::toString(answer.mode.date_kind.source)));
  o.set("calendar_id", answer.calendar_id);
  if (answer.schedule_id)
    o.set("schedule_id", *answer.schedule_id);
  else
    o.set("schedule_id", Poco::Dynamic::Var());
  o.set("door_mode", std::string(access::toString(answer.mode.door_mode)));
  o.set("passable_level", answer.mode.passable_level);
  o.set("verification_mode", answer.mode.verification_mode);
  if (answer.mode.band) {
    Poco::JSON::Object band;
    band.set("start", formatMinuteOfDay(answer.mode.band->start_minute));
    band.set("end", formatMinuteOfDay(answer.mode.band->end_minute));
    o.set("band", band);
  } else {
    o.set("band", Poco::Dynamic::Var());
  }
  o.set("reason", answer.mode.reason);
  return o;
}

Poco::JSON::Object toJson(const CalendarImportResult& result) {
  Poco::JSON::Object o;
  o.set("applied", result.applied);
  o.set("skipped", result.skipped);
  return o;
}

DateKind dateKindFrom(const JsonRequest& in) {
  DateKind k;
  k.id = in.integer("id").value_or(0);
  k.code = in.text("code");
  k.name = in.text("name");
  k.kind_class = in.text("class", "special");
  return k;
}

AnnualDay annualDayFrom(const JsonRequest& in) {
  AnnualDay d;
  d.month = static_cast<int>(in.requiredInteger("month"));
  d.day = static_cast<int>(in.requiredInteger("day"));
  d.name = in.text("name");
  d.date_kind_id = in.requiredInteger("date_kind_id");
  return d;
}

CalendarChange calendarChangeFrom(const JsonRequest& in) {
  CalendarChange change;
  change.id = in.requiredInteger("id");
  if (in.has("name")) change.name = in.text("name");
  if (in.has("weekly")) {
    const std::vector<int64_t> weekly = in.integers("weekly");
    if (weekly.size() != 7)
      throw DomainError("invalid", "field 'weekly' needs 7 date kinds, Monday first",
                        {{"weekly", std::to_string(weekly.size()) + " values", "needs 7 date kinds, Monday first"}});
    std::array<int64_t, 7> w{};
    std::copy(weekly.begin(), weekly.end(), w.begin());
    change.weekly = w;
  }
  for (const JsonRequest& day : in.objects("days")) {
    DayChange d;
    d.date = dateField(day, "date");
    d.date_kind_id = day.integer("date_kind_id");
    change.days.push_back(d);
  }
  return change;
}

Schedule scheduleFrom(const JsonRequest& in) {
  Schedule s;
  s.id = in.integer("id").value_or(0);
  s.code = in.text("code");
  s.name = in.text("name");
  s.description = in.text("description");
  s.gate_ids = in.integers("gate_ids");
  for (const JsonRequest& band : in.objects("bands")) {
    access::TimeBand b;
    b.date_kind_id = band.requiredInteger("date_kind_id");
    b.start_minute = minuteField(band, "start", false);
    b.end_minute = minuteField(band, "end", true);
    const std::string mode = band.text("door_mode", "card");
    const std::optional<access::DoorMode> doorMode = access::doorModeFromString(mode);
    if (!doorMode)
      throw DomainError("invalid", "field 'bands.door_mode' '" + mode + "' is not one of card, unlocked, no_entry",
                        {{"bands.door_mode", mode, "is not one of card, unlocked, no_entry"}});
    b.door_mode = *doorMode;
    b.passable_level = static_cast<int>(band.integer("passable_level").value_or(access::kMaxPassableLevel));
    b.verification_mode = band.text("verification_mode", "card");
    s.bands.push_back(b);
  }
  return s;
}

}  // namespace monban::host::api
