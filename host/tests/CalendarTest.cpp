// Calendars and schedules in the domain: edit ranges around the clock, the template and group
// calendars, schedules and their gates, the door mode, rights, history and revisions.
#include "DomainTestSupport.h"

namespace monban::host::domain::test {
namespace {

using access::CivilDate;

/// The domain in Tokyo time (no daylight saving) so that local dates are fixed for the test.
class CalendarTest : public DomainTest {
protected:
  CalendarTest() { clock_.setNowMs(*access::parseLocalDateTime("2026-11-21T10:00")); }
  CalendarService& calendars() { return domain().calendars(); }
  int64_t templateId() { return calendars().listCalendars(admin()).front().id; }
  ::monban::host::test::LocalTimeZone tokyo_{"JST-9"};
};

TEST_P(CalendarTest, DatesAreEditableFromTomorrowToOneYearAhead) {
  const int64_t id = templateId();
  const CalendarView view = calendars().calendar(admin(), id);
  EXPECT_EQ(access::formatDate(view.viewable_from), "2025-11-21");
  EXPECT_EQ(access::formatDate(view.editable_from), "2026-11-22");
  EXPECT_EQ(access::formatDate(view.editable_to), "2027-11-21");
  EXPECT_EQ(view.days.size(), 731u);
  CalendarChange change;
  change.id = id;
  change.days = {{{2026, 11, 21}, 2}};  // today
  expectDomainError("invalid", [&] { calendars().updateCalendar(admin(), change); });
  change.days = {{{2027, 11, 22}, 2}};  // a year and a day
  expectDomainError("invalid", [&] { calendars().updateCalendar(admin(), change); });
  change.days = {{{2026, 11, 22}, 3}, {{2027, 11, 21}, 3}};
  calendars().updateCalendar(admin(), change);
  const CalendarView after = calendars().calendar(admin(), id, CivilDate{2026, 11, 22}, CivilDate{2026, 11, 23});
  ASSERT_EQ(after.days.size(), 2u);
  EXPECT_EQ(after.days[0].kind.date_kind_id, 3);
  EXPECT_EQ(after.days[0].kind.source, access::DaySource::Day);
  EXPECT_EQ(after.days[1].kind.date_kind_id, 1);  // a Monday, from the weekly pattern
}

TEST_P(CalendarTest, AGroupCalendarStartsAsACopyOfTheTemplateAndFallsBackWhenDeleted) {
  const int64_t tmpl = templateId();
  CalendarChange change;
  change.id = tmpl;
  change.days = {{{2026, 12, 24}, 3}};
  calendars().updateCalendar(admin(), change);
  const auto g = group("MG1");
  const Calendar own = calendars().createCalendar(admin(), g.id, "Main building");
  EXPECT_EQ(own.management_group_ids, std::vector<int64_t>{g.id});
  EXPECT_EQ(domain().gates().managementGroup(admin(), g.id).calendar_id, own.id);
  expectDomainError("conflict", [&] { calendars().createCalendar(admin(), g.id, "Again"); });
  EXPECT_EQ(
      calendars().calendar(admin(), own.id, CivilDate{2026, 12, 24}, CivilDate{2026, 12, 24}).days[0].kind.date_kind_id,
      3);
  const auto gt = gate("G1", g.id);
  const int64_t christmasEve = *access::parseLocalDateTime("2026-12-24T12:00");
  EXPECT_EQ(calendars().modeAt(admin(), gt.id, christmasEve).calendar_id, own.id);
  calendars().deleteCalendar(admin(), own.id);
  EXPECT_EQ(domain().gates().managementGroup(admin(), g.id).calendar_id, std::nullopt);
  EXPECT_EQ(calendars().modeAt(admin(), gt.id, christmasEve).calendar_id, tmpl);
  expectDomainError("conflict", [&] { calendars().deleteCalendar(admin(), tmpl); });
  ManagementGroup relinked = domain().gates().managementGroup(admin(), g.id);
  relinked.calendar_id = tmpl;  // the template is followed by null, never linked
  expectDomainError("invalid", [&] { domain().gates().updateManagementGroup(admin(), relinked); });
  relinked.calendar_id = own.id;  // deleted
  expectDomainError("invalid", [&] { domain().gates().updateManagementGroup(admin(), relinked); });
}

TEST_P(CalendarTest, SchedulesGiveGatesTheirDoorModeAndAGateFollowsOneSchedule) {
  const auto g = group("MG1");
  const auto gt = gate("G1", g.id);
  Schedule s;
  s.code = "OFFICE";
  s.name = "Office";
  s.gate_ids = {gt.id};
  s.bands = {{1, 8 * 60, 9 * 60, access::DoorMode::Unlocked, 8, "card"},
             {1, 9 * 60, 18 * 60, access::DoorMode::Card, 4, "card_or_pin"}};
  const Schedule created = calendars().createSchedule(admin(), s);
  EXPECT_EQ(calendars().schedule(admin(), created.id).bands.size(), 2u);
  // Friday 2026-11-27, a weekday; Saturday 2026-11-28, a holiday with no band.
  const GateModeAnswer morning = calendars().modeAt(admin(), gt.id, *access::parseLocalDateTime("2026-11-27T08:15"));
  EXPECT_EQ(morning.mode.door_mode, access::DoorMode::Unlocked);
  EXPECT_EQ(morning.schedule_id, created.id);
  const GateModeAnswer day = calendars().modeAt(admin(), gt.id, *access::parseLocalDateTime("2026-11-27T09:00"));
  EXPECT_EQ(day.mode.passable_level, 4);
  EXPECT_EQ(day.mode.verification_mode, "card_or_pin");
  const GateModeAnswer saturday = calendars().modeAt(admin(), gt.id, *access::parseLocalDateTime("2026-11-28T08:15"));
  EXPECT_EQ(saturday.mode.band, std::nullopt);
  Schedule other = s;
  other.code = "OTHER";
  expectDomainError("conflict", [&] { calendars().createSchedule(admin(), other); });
  other.gate_ids.clear();
  other.bands.push_back({1, 8 * 60 + 30, 10 * 60, access::DoorMode::Card, 8, "card"});
  expectDomainError("invalid", [&] { calendars().createSchedule(admin(), other); });
  // A date kind in use cannot go.
  expectDomainError("in_use", [&] { calendars().deleteDateKind(admin(), 1); });
  domain().gates().deleteGate(admin(), gt.id);
  EXPECT_TRUE(calendars().schedule(admin(), created.id).gate_ids.empty());
}

TEST_P(CalendarTest, RightsHistoryAndRevision) {
  const Actor general = operatorActor(OperatorType::GeneralAdministrator, Scope{true, {}, true, {}});
  expectDomainError("forbidden", [&] { calendars().listCalendars(general); });
  const Actor viewer = operatorActor(OperatorType::GeneralAdministrator, Scope{true, {}, true, {}},
                                     {{Right::CalendarsSchedules, AccessLevel::View}}, "viewer");
  EXPECT_EQ(calendars().listCalendars(viewer).size(), 1u);
  CalendarChange change;
  change.id = templateId();
  change.weekly = std::array<int64_t, 7>{1, 1, 1, 1, 2, 2, 2};
  expectDomainError("forbidden", [&] { calendars().updateCalendar(viewer, change); });
  const int64_t before = calendars().revision();
  calendars().updateCalendar(admin(), change);
  EXPECT_EQ(calendars().revision(), before + 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM user_setting_history WHERE target_kind = 'calendar'"), 1);
  std::vector<AnnualDay> days = {{1, 1, "New Year's Day", 2}, {2, 29, "Leap day", 3}};
  calendars().replaceAnnualDays(admin(), days);
  EXPECT_EQ(
      calendars().calendar(admin(), templateId(), CivilDate{2027, 1, 1}, CivilDate{2027, 1, 1}).days[0].kind.source,
      access::DaySource::Annual);
  days.push_back({2, 30, "No such day", 2});
  expectDomainError("invalid", [&] { calendars().replaceAnnualDays(admin(), days); });
  EXPECT_EQ(calendars().annualDays(admin()).size(), 2u);
}

TEST_P(CalendarTest, ICalendarHolidaysAreReadWithRecurrenceAndRefusedWhenMalformed) {
  const std::string ics =
      "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
      "BEGIN:VEVENT\r\nUID:a@test\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;VALUE=DATE:20270101\r\n"
      "RRULE:FREQ=YEARLY\r\nSUMMARY:New Year\r\nEND:VEVENT\r\n"
      "BEGIN:VEVENT\r\nUID:b@test\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;VALUE=DATE:20261229\r\n"
      "DTEND;VALUE=DATE:20270101\r\nSUMMARY:Year-end break\r\nEND:VEVENT\r\n"
      "BEGIN:VEVENT\r\nUID:c@test\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;VALUE=DATE:20260505\r\n"
      "SUMMARY:Past\r\nEND:VEVENT\r\n"
      "END:VCALENDAR\r\n";
  const CalendarImportResult result = calendars().importICalendar(admin(), templateId(), ics, 2);
  EXPECT_EQ(result.applied, 4);  // 2026-12-29, 30, 31 and 2027-01-01 (2028-01-01 is beyond a year)
  EXPECT_EQ(result.skipped, 1);  // 2026-05-05 is in the past
  const CalendarView view = calendars().calendar(admin(), templateId(), CivilDate{2026, 12, 28}, CivilDate{2027, 1, 2});
  std::string kinds;
  for (const CalendarDay& d : view.days) kinds += std::to_string(d.kind.date_kind_id);
  EXPECT_EQ(kinds, "122222");  // Mon 28 a weekday; 29-31 and 1 Jan imported; Sat 2 Jan by the weekly rule
  expectDomainError("invalid", [&] { calendars().importICalendar(admin(), templateId(), "BEGIN:VCARD\r\n", 2); });
  const std::string exported = calendars().exportICalendar(admin(), templateId());
  EXPECT_NE(exported.find("DTSTART;VALUE=DATE:20261229"), std::string::npos) << exported;
  EXPECT_NE(exported.find("CATEGORIES:holiday"), std::string::npos) << exported;
}

INSTANTIATE_TEST_SUITE_P(Backends, CalendarTest, ::testing::Values("sqlite", "postgresql"),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

}  // namespace
}  // namespace monban::host::domain::test
