#include "JobSchedule.h"

#include <algorithm>
#include <climits>
#include <memory>
#include <sstream>
#include <stdexcept>

#include <libical/ical.h>

#include "monban/access/LocalTime.h"

namespace monban::scheduler {

using access::CivilDate;

namespace {

struct IteratorFree {
  void operator()(icalrecur_iterator* i) const { icalrecur_iterator_free(i); }
};

icalrecurrencetype parseRule(const std::string& rule) {
  icalerror_clear_errno();
  icalrecurrencetype r = icalrecurrencetype_from_string(rule.c_str());
  if (r.freq == ICAL_NO_RECURRENCE || icalerrno != ICAL_NO_ERROR)
    throw std::invalid_argument("'" + rule + "' is not an RFC 5545 recurrence rule (e.g. FREQ=DAILY;BYHOUR=3)");
  return r;
}

icaltimetype floating(CivilDate d) {
  icaltimetype t = icaltime_null_time();
  t.year = d.year;
  t.month = d.month;
  t.day = d.day;
  return t;
}

}  // namespace

JobSchedule JobSchedule::parse(const std::string& text) {
  JobSchedule s;
  s.text_ = text;
  std::istringstream in(text);
  std::string word;
  in >> word;
  if (word == "at") {
    std::string list;
    std::getline(in, list);
    std::stringstream items(list);
    std::string item;
    while (std::getline(items, item, ',')) {
      item.erase(std::remove(item.begin(), item.end(), ' '), item.end());
      const std::optional<int> minute = access::parseMinuteOfDay(item, false);
      if (!minute) throw std::invalid_argument("'" + item + "' in \"" + text + "\" is not a time of day HH:MM");
      s.minutes_.push_back(*minute);
    }
    if (s.minutes_.empty()) throw std::invalid_argument("\"" + text + "\" names no time of day");
    std::sort(s.minutes_.begin(), s.minutes_.end());
    s.minutes_.erase(std::unique(s.minutes_.begin(), s.minutes_.end()), s.minutes_.end());
    s.kind_ = Kind::At;
    return s;
  }
  if (word == "every") {
    int64_t count = 0;
    std::string unit;
    if (!(in >> count >> unit) || count < 1)
      throw std::invalid_argument("\"" + text + "\" is not \"every N minutes\" or \"every N hours\"");
    std::string rest;
    if (in >> rest) throw std::invalid_argument("\"" + text + "\" has extra words after the unit");
    if (unit == "minute" || unit == "minutes")
      s.every_ms_ = count * 60'000;
    else if (unit == "hour" || unit == "hours")
      s.every_ms_ = count * 3'600'000;
    else
      throw std::invalid_argument("\"" + text + "\": the unit must be minutes or hours");
    if (s.every_ms_ > 7 * 86'400'000LL) throw std::invalid_argument("\"" + text + "\" is longer than a week");
    s.kind_ = Kind::Every;
    return s;
  }
  if (word == "rrule") {
    std::getline(in, s.rule_);
    s.rule_.erase(0, s.rule_.find_first_not_of(' '));
    parseRule(s.rule_);
    s.kind_ = Kind::Rule;
    return s;
  }
  throw std::invalid_argument("\"" + text +
                              "\" is not a job schedule: use \"at HH:MM[,HH:MM…]\", \"every N minutes\" or "
                              "\"rrule <RFC 5545 rule>\"");
}

int64_t JobSchedule::nextAfter(int64_t afterMs) const {
  switch (kind_) {
    case Kind::Every:
      return (afterMs / every_ms_ + 1) * every_ms_;
    case Kind::At: {
      // Daylight-saving changes move local days by an hour, so look a day either side.
      const CivilDate today = access::toLocal(afterMs).date;
      int64_t best = INT64_MAX;
      for (int offset = -1; offset <= 2; ++offset) {
        const CivilDate day = access::addDays(today, offset);
        for (int minute : minutes_) {
          const int64_t t = access::fromLocal(day, minute);
          if (t > afterMs && t < best) best = t;
        }
      }
      return best;
    }
    case Kind::Rule: {
      const icalrecurrencetype rule = parseRule(rule_);
      std::unique_ptr<icalrecur_iterator, IteratorFree> it(icalrecur_iterator_new(rule, floating({2000, 1, 1})));
      if (!it) return INT64_MAX;
      // Jump near `afterMs` instead of walking from 2000 (not possible with COUNT).
      const CivilDate from = access::addDays(access::toLocal(afterMs).date, -1);
      if (rule.count == 0) icalrecur_iterator_set_start(it.get(), floating(from));
      for (int i = 0; i < 1'000'000; ++i) {
        const icaltimetype t = icalrecur_iterator_next(it.get());
        if (icaltime_is_null_time(t)) return INT64_MAX;
        const int64_t ms = access::fromLocal({t.year, t.month, t.day}, t.hour * 60 + t.minute) + t.second * 1000;
        if (ms > afterMs) return ms;
      }
      return INT64_MAX;
    }
  }
  return INT64_MAX;
}

JobSchedule::Slots JobSchedule::slotsBetween(int64_t afterMs, int64_t atMs, int limit) const {
  Slots out;
  for (int64_t t = nextAfter(afterMs); t <= atMs && out.count < limit; t = nextAfter(t)) {
    out.last = t;
    ++out.count;
  }
  if (out.count == limit && out.last) {
    // Too many to walk (every minute for months): the last one is found from the end.
    int64_t t = nextAfter(atMs - 7 * 86'400'000LL);
    while (t <= atMs) {
      out.last = t;
      t = nextAfter(t);
    }
  }
  return out;
}

}  // namespace monban::scheduler
