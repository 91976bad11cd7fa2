#include "monban/host/domain/CalendarICal.h"

#include <cstdlib>
#include <memory>
#include <set>

#include <libical/ical.h>

#include "monban/host/domain/DomainError.h"

namespace monban::host::domain {

using access::CivilDate;

namespace {

struct ComponentFree {
  void operator()(icalcomponent* c) const { icalcomponent_free(c); }
};
struct IteratorFree {
  void operator()(icalrecur_iterator* i) const { icalrecur_iterator_free(i); }
};

CivilDate dateOf(const icaltimetype& t) {
  return {t.year, t.month, t.day};
}

icaltimetype icalDate(CivilDate d) {
  icaltimetype t = icaltime_null_date();
  t.year = d.year;
  t.month = d.month;
  t.day = d.day;
  t.is_date = 1;
  return t;
}

std::string describe(icalcomponent* event) {
  const char* uid = icalcomponent_get_uid(event);
  const char* summary = icalcomponent_get_summary(event);
  return std::string("event") + (uid ? std::string(" '") + uid + "'" : "") +
         (summary ? std::string(" (") + summary + ")" : "");
}

/// libical reads on past errors and leaves X-LIC-ERROR properties where it did; refuse them.
void requireNoParseErrors(icalcomponent* component) {
  for (icalproperty* p = icalcomponent_get_first_property(component, ICAL_XLICERROR_PROPERTY); p != nullptr;
       p = icalcomponent_get_next_property(component, ICAL_XLICERROR_PROPERTY)) {
    const char* text = icalproperty_get_xlicerror(p);
    throw DomainError("invalid", std::string("the iCalendar file is malformed: ") + (text ? text : "unreadable line"));
  }
  for (icalcomponent* c = icalcomponent_get_first_component(component, ICAL_ANY_COMPONENT); c != nullptr;
       c = icalcomponent_get_next_component(component, ICAL_ANY_COMPONENT))
    requireNoParseErrors(c);
}

void addEventDates(icalcomponent* event, CivilDate from, CivilDate to, std::vector<ICalDate>& out) {
  const icaltimetype start = icalcomponent_get_dtstart(event);
  if (icaltime_is_null_time(start)) throw DomainError("invalid", describe(event) + " has no DTSTART");
  icaltimetype end = icalcomponent_get_dtend(event);
  // Days covered by one occurrence: DTEND is exclusive for all-day events.
  int span = 1;
  if (!icaltime_is_null_time(end)) {
    CivilDate a = dateOf(start);
    CivilDate b = dateOf(end);
    span = 0;
    for (CivilDate d = a; d < b && span < 366; d = access::addDays(d, 1)) ++span;
    if (span == 0) span = 1;
  }
  std::string category;
  if (icalproperty* p = icalcomponent_get_first_property(event, ICAL_CATEGORIES_PROPERTY)) {
    const char* text = icalproperty_get_categories(p);
    category = text ? text : "";
    if (auto comma = category.find(','); comma != std::string::npos) category.resize(comma);
  }
  const char* summaryText = icalcomponent_get_summary(event);
  const std::string summary = summaryText ? summaryText : "";
  std::set<int32_t> excluded;
  for (icalproperty* p = icalcomponent_get_first_property(event, ICAL_EXDATE_PROPERTY); p != nullptr;
       p = icalcomponent_get_next_property(event, ICAL_EXDATE_PROPERTY))
    excluded.insert(access::dateKey(dateOf(icalproperty_get_exdate(p))));

  auto addOccurrence = [&](CivilDate first) {
    if (excluded.count(access::dateKey(first))) return;
    CivilDate d = first;
    for (int i = 0; i < span; ++i, d = access::addDays(d, 1))
      if (from <= d && d <= to) out.push_back({d, category, summary});
  };

  icalproperty* rule = icalcomponent_get_first_property(event, ICAL_RRULE_PROPERTY);
  if (rule == nullptr) {
    addOccurrence(dateOf(start));
    return;
  }
  const icalrecurrencetype recurrence = icalproperty_get_rrule(rule);
  std::unique_ptr<icalrecur_iterator, IteratorFree> it(icalrecur_iterator_new(recurrence, start));
  if (!it) throw DomainError("invalid", describe(event) + " has a recurrence rule libical cannot expand");
  for (icaltimetype t = icalrecur_iterator_next(it.get()); !icaltime_is_null_time(t);
       t = icalrecur_iterator_next(it.get())) {
    if (dateOf(t) > to) break;
    addOccurrence(dateOf(t));
  }
}

}  // namespace

std::vector<ICalDate> readICalendarDates(const std::string& text, CivilDate from, CivilDate to) {
  if (text.find("BEGIN:VCALENDAR") == std::string::npos)
    throw DomainError("invalid", "the file is not iCalendar: no BEGIN:VCALENDAR line");
  std::unique_ptr<icalcomponent, ComponentFree> root(icalparser_parse_string(text.c_str()));
  if (!root) throw DomainError("invalid", "the iCalendar file could not be read");
  requireNoParseErrors(root.get());
  std::vector<ICalDate> out;
  icalcomponent* calendar = root.get();
  if (icalcomponent_isa(calendar) != ICAL_VCALENDAR_COMPONENT)
    calendar = icalcomponent_get_first_component(root.get(), ICAL_VCALENDAR_COMPONENT);
  if (calendar == nullptr) throw DomainError("invalid", "the iCalendar file has no VCALENDAR");
  for (icalcomponent* event = icalcomponent_get_first_component(calendar, ICAL_VEVENT_COMPONENT); event != nullptr;
       event = icalcomponent_get_next_component(calendar, ICAL_VEVENT_COMPONENT))
    addEventDates(event, from, to, out);
  return out;
}

std::string writeICalendar(const std::string& calendarName, int64_t calendarId, const std::vector<ICalExportDay>& days,
                           int64_t nowMs) {
  std::unique_ptr<icalcomponent, ComponentFree> root(icalcomponent_new_vcalendar());
  icalcomponent_add_property(root.get(), icalproperty_new_version("2.0"));
  icalcomponent_add_property(root.get(), icalproperty_new_prodid("-//Monban//Calendars//EN"));
  icalcomponent_add_property(root.get(), icalproperty_new_x(calendarName.c_str()));
  icalproperty_set_x_name(icalcomponent_get_first_property(root.get(), ICAL_X_PROPERTY), "X-WR-CALNAME");
  const icaltimetype stamp =
      icaltime_from_timet_with_zone(static_cast<time_t>(nowMs / 1000), 0, icaltimezone_get_utc_timezone());
  for (const ICalExportDay& day : days) {
    icalcomponent* event = icalcomponent_new_vevent();
    const std::string uid =
        "monban-calendar-" + std::to_string(calendarId) + "-" + std::to_string(access::dateKey(day.date)) + "@monban";
    icalcomponent_add_property(event, icalproperty_new_uid(uid.c_str()));
    icalcomponent_add_property(event, icalproperty_new_dtstamp(stamp));
    icalcomponent_add_property(event, icalproperty_new_dtstart(icalDate(day.date)));
    icalcomponent_add_property(event, icalproperty_new_dtend(icalDate(access::addDays(day.date, 1))));
    icalcomponent_add_property(event, icalproperty_new_summary(day.summary.c_str()));
    icalcomponent_add_property(event, icalproperty_new_categories(day.category.c_str()));
    icalcomponent_add_component(root.get(), event);
  }
  char* text = icalcomponent_as_ical_string_r(root.get());
  std::string out = text ? text : "";
  free(text);
  return out;
}

}  // namespace monban::host::domain
