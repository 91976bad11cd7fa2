#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "monban/host/domain/Actor.h"
#include "monban/host/domain/DomainContext.h"
#include "monban/host/domain/Page.h"

namespace soci {
class session;
}

namespace monban::host::domain {

/// One row of the user-setting history: who changed what, when, with the state before and after
/// (JSON; empty before for a registration, empty after for a deletion).
struct UserSettingEntry {
  int64_t id = 0;
  int64_t at_ms = 0;
  std::string actor;
  std::string action;       ///< register, change, delete, import-add, import-change, import-delete
  std::string target_kind;  ///< access_user, affiliation, gate, gate_group, management_group, operator, ...
  std::string target_key;
  std::string before_json;
  std::string after_json;
};

/// One row of the system log: an operator action or a system notification.
struct SystemLogEntry {
  int64_t id = 0;
  int64_t at_ms = 0;
  std::string actor;
  std::string category;
  std::string action;
  std::string outcome;  ///< ok, refused, failed
  std::string detail;
};

/// Filters of the two logs; newest first, keyset paging.
struct LogQuery {
  int64_t from_ms = 0;
  int64_t to_ms = INT64_MAX;
  std::string target_kind;  ///< user-setting history only
  std::string target_key;   ///< user-setting history only
  std::string category;     ///< system log only
  PageRequest page;
};

/// Writes go into the caller's transaction, so a change and its record commit together.
class ChangeLog {
public:
  explicit ChangeLog(DomainContext& context) : context_(context) {}

  static void recordUserSetting(soci::session& session, int64_t atMs, const Actor& actor, std::string_view action,
                                std::string_view targetKind, std::string_view targetKey, const std::string& beforeJson,
                                const std::string& afterJson);
  static void recordSystem(soci::session& session, int64_t atMs, const Actor& actor, std::string_view category,
                           std::string_view action, std::string_view outcome, std::string_view detail);
  /// Records a refused or failed action in its own transaction (the action's own rolled back).
  void recordSystemNow(const Actor& actor, std::string_view category, std::string_view action, std::string_view outcome,
                       std::string_view detail);

  /// Needs the user-setting-history right at view.
  Page<UserSettingEntry> userSettingHistory(const Actor& actor, const LogQuery& query);
  /// Needs the system-log right at view.
  Page<SystemLogEntry> systemLog(const Actor& actor, const LogQuery& query);

private:
  DomainContext& context_;
};

}  // namespace monban::host::domain
