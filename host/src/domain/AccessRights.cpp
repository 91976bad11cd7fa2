#include "monban/host/domain/AccessRights.h"

#include <Poco/String.h>
#include <Poco/StringTokenizer.h>

#include "monban/host/domain/DomainError.h"

namespace monban::host::domain {

namespace {

constexpr AccessLevel N = AccessLevel::None;
constexpr AccessLevel E = AccessLevel::Edit;

}  // namespace

const std::array<RightSpec, kRightCount>& rightSpecs() {
  // Seed table 6: general-administrator default, system-administrator default, fixed.
  static const std::array<RightSpec, kRightCount> specs = {{
      {Right::History, "history", "History", E, E, false},
      {Right::AccessUsers, "access_users", "Access users", E, E, false},
      {Right::AccessUserImport, "access_user_import", "Access-user file import", N, E, false},
      {Right::FingerVeinImport, "finger_vein_import", "Finger-vein data import", E, E, false},
      {Right::Gates, "gates", "Gates", E, E, false},
      {Right::ManagementGroups, "management_groups", "Management groups", N, E, true},
      {Right::Affiliations, "affiliations", "Affiliations", N, E, true},
      {Right::Operators, "operators", "Operators", N, E, true},
      {Right::CalendarsSchedules, "calendars_schedules", "Calendars and schedules", N, E, false},
      {Right::DataInterface, "data_interface", "Data interface settings", N, E, false},
      {Right::PermissionTransfer, "permission_transfer", "Permission transfer", N, E, false},
      {Right::CalendarScheduleTransfer, "calendar_schedule_transfer", "Calendar / schedule transfer", N, E, true},
      {Right::SystemLog, "system_log", "System log", N, E, false},
      {Right::UserSettingHistory, "user_setting_history", "User-setting history", N, E, true},
      {Right::SystemManagement, "system_management", "System management", N, E, false},
      {Right::GateParameters, "gate_parameters", "Gate parameters", E, E, false},
      {Right::IcCardParameters, "ic_card_parameters", "IC-card parameters", N, E, false},
      {Right::GlobalAntiPassback, "global_anti_passback", "Global anti-passback", E, E, false},
      {Right::MutualAuthPassword, "mutual_auth_password", "Mutual-authentication password", N, E, false},
  }};
  return specs;
}

const RightSpec& specOf(Right right) {
  return rightSpecs()[static_cast<std::size_t>(right) - 1];
}

std::optional<Right> rightFromKey(std::string_view key) {
  for (const RightSpec& s : rightSpecs())
    if (key == s.key) return s.right;
  return std::nullopt;
}

const char* toString(AccessLevel level) {
  switch (level) {
    case AccessLevel::None:
      return "none";
    case AccessLevel::View:
      return "view";
    case AccessLevel::Edit:
      return "edit";
  }
  return "none";
}

std::optional<AccessLevel> accessLevelFromString(std::string_view text) {
  if (text == "none") return AccessLevel::None;
  if (text == "view") return AccessLevel::View;
  if (text == "edit") return AccessLevel::Edit;
  return std::nullopt;
}

AccessRights::AccessRights(OperatorType type) : type_(type) {
  for (const RightSpec& s : rightSpecs())
    levels_[index(s.right)] = type == OperatorType::SystemAdministrator ? s.system_default : s.general_default;
}

void AccessRights::set(Right right, AccessLevel level) {
  const RightSpec& spec = specOf(right);
  if (spec.fixed && level != this->level(right))
    throw DomainError("fixed_right", std::string("the right '") + spec.key + "' is fixed at '" +
                                         toString(this->level(right)) + "' for this operator type");
  levels_[index(right)] = level;
}

std::string AccessRights::toText() const {
  std::string out;
  for (const RightSpec& s : rightSpecs())
    out += (out.empty() ? "" : ",") + std::string(s.key) + "=" + toString(level(s.right));
  return out;
}

AccessRights AccessRights::fromText(OperatorType type, std::string_view text) {
  AccessRights rights(type);
  Poco::StringTokenizer entries(std::string(text), ",",
                                Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
  for (const std::string& entry : entries) {
    const auto equals = entry.find('=');
    const std::string key = Poco::trim(entry.substr(0, equals));
    const auto right = rightFromKey(key);
    if (!right) throw DomainError("invalid", "unknown right '" + key + "'");
    const std::string value = equals == std::string::npos ? "" : Poco::trim(entry.substr(equals + 1));
    const auto level = accessLevelFromString(value);
    if (!level) throw DomainError("invalid", "right '" + key + "': '" + value + "' is not none, view or edit");
    rights.set(*right, *level);
  }
  return rights;
}

}  // namespace monban::host::domain
