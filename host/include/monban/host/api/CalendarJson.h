#pragma once

#include <Poco/JSON/Object.h>

#include "monban/host/api/JsonRequest.h"
#include "monban/host/domain/Calendars.h"

namespace monban::host::api {

// The JSON form of calendars and schedules (docs/api.md, "Calendars and schedules").

Poco::JSON::Object toJson(const domain::DateKind& kind);
Poco::JSON::Object toJson(const domain::AnnualDay& day);
Poco::JSON::Object toJson(const domain::Calendar& calendar);
Poco::JSON::Object toJson(const domain::CalendarView& view);
Poco::JSON::Object toJson(const domain::Schedule& schedule);
Poco::JSON::Object toJson(const domain::GateModeAnswer& answer);
Poco::JSON::Object toJson(const domain::CalendarImportResult& result);

domain::DateKind dateKindFrom(const JsonRequest& in);
domain::AnnualDay annualDayFrom(const JsonRequest& in);
domain::CalendarChange calendarChangeFrom(const JsonRequest& in);
domain::Schedule scheduleFrom(const JsonRequest& in);
/// A "YYYY-MM-DD" field; throws DomainError "invalid" naming the field.
access::CivilDate dateField(const JsonRequest& in, const std::string& key);

}  // namespace monban::host::api
