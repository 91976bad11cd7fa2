#pragma once

#include <string>

#include <Poco/JSON/Object.h>

#include "monban/host/api/JsonRequest.h"
#include "monban/host/domain/AccessUser.h"
#include "monban/host/domain/Actor.h"
#include "monban/host/domain/AffiliationService.h"
#include "monban/host/domain/ChangeLog.h"
#include "monban/host/domain/Gates.h"
#include "monban/host/domain/HistoryEvent.h"
#include "monban/host/domain/ImportReport.h"
#include "monban/host/domain/OperatorService.h"

namespace monban::host::api {

// The JSON form of the domain's objects (docs/api.md, "Objects"): one function each way.
// Reading never resolves references; the method layer does that with the acting operator.

Poco::JSON::Object toJson(const domain::ManagementGroup& group);
Poco::JSON::Object toJson(const domain::Gate& gate);
Poco::JSON::Object toJson(const domain::GateGroup& group);
Poco::JSON::Object toJson(const domain::Affiliation& affiliation);
Poco::JSON::Object toJson(const domain::AccessUser& user);
/// The same document as toJson(user), written straight to text: user lists are the API's
/// busiest answer, and a DOM per user costs more than the database query.
std::string accessUserJson(const domain::AccessUser& user);
/// The same, appended to `out`: a page of the user list is written into one string.
void appendAccessUserJson(std::string& out, const domain::AccessUser& user);
Poco::JSON::Object toJson(const domain::Operator& op);
Poco::JSON::Object toJson(const domain::SavedSearch& search);
Poco::JSON::Object toJson(const domain::UserSettingEntry& entry);
Poco::JSON::Object toJson(const domain::SystemLogEntry& entry);
Poco::JSON::Object toJson(const domain::HistoryRecord& record);
Poco::JSON::Object toJson(const domain::ImportReport& report);
/// The acting operator as the UI needs it: rights by key and scope.
Poco::JSON::Object toJson(const domain::Actor& actor, const domain::Operator& op);

domain::ManagementGroup managementGroupFrom(const JsonRequest& in);
domain::Gate gateFrom(const JsonRequest& in);
domain::GateGroup gateGroupFrom(const JsonRequest& in);
domain::AccessUser accessUserFrom(const JsonRequest& in);
/// Rights come as {"key":"level"} and are turned into the stored text form.
domain::Operator operatorFrom(const JsonRequest& in);

const char* operatorTypeName(domain::OperatorType type);

}  // namespace monban::host::api
