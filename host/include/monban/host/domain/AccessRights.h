#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace monban::host::domain {

/// The function access rights of an operator (SPEC section 3, seed table 6).
enum class Right {
  History = 1,
  AccessUsers,
  AccessUserImport,
  FingerVeinImport,
  Gates,
  ManagementGroups,
  Affiliations,  ///< includes affiliation file import and export
  Operators,
  CalendarsSchedules,
  DataInterface,
  PermissionTransfer,
  CalendarScheduleTransfer,
  SystemLog,
  UserSettingHistory,
  SystemManagement,
  GateParameters,    ///< includes gate parameter transfer
  IcCardParameters,  ///< includes IC-card parameter transfer
  GlobalAntiPassback,
  MutualAuthPassword,
};

inline constexpr std::size_t kRightCount = 19;

/// How far a right goes; ordered, so Edit includes View.
enum class AccessLevel { None = 1, View, Edit };

/// The two kinds of operator; each has its own defaults and its own fixed rights.
enum class OperatorType { GeneralAdministrator = 1, SystemAdministrator };

/// One row of the rights table.
struct RightSpec {
  Right right;
  const char* key;    ///< stable name for storage, config and the API
  const char* title;  ///< English name for people
  AccessLevel general_default;
  AccessLevel system_default;
  bool fixed;  ///< the default cannot be changed for either operator type
};

/// The rights table, in the seed's order.
const std::array<RightSpec, kRightCount>& rightSpecs();
const RightSpec& specOf(Right right);
std::optional<Right> rightFromKey(std::string_view key);
const char* toString(AccessLevel level);
std::optional<AccessLevel> accessLevelFromString(std::string_view text);

/// The rights an operator holds: starts from its type's defaults; fixed rights never change.
class AccessRights {
public:
  explicit AccessRights(OperatorType type);

  OperatorType type() const { return type_; }
  AccessLevel level(Right right) const { return levels_[index(right)]; }
  /// Whether the operator may use `right` at `needed` (Edit includes View).
  bool allows(Right right, AccessLevel needed) const { return level(right) >= needed; }

  /// Sets a right; throws DomainError (code "fixed_right") when the right is fixed.
  void set(Right right, AccessLevel level);

  /// "history=edit,access_users=view,...", every right, in table order.
  std::string toText() const;
  /// Reads toText()'s form over the type's defaults; throws DomainError naming a bad entry.
  static AccessRights fromText(OperatorType type, std::string_view text);

private:
  static std::size_t index(Right right) { return static_cast<std::size_t>(right) - 1; }
  OperatorType type_;
  std::array<AccessLevel, kRightCount> levels_{};
};

}  // namespace monban::host::domain
