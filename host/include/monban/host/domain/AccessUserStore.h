#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "monban/host/Database.h"
#include "monban/host/SqlStatement.h"
#include "monban/host/domain/AccessUser.h"
#include "monban/host/domain/Actor.h"

namespace soci {
class session;
}

namespace monban::host::domain {

/// SQL for access users, cards and permissions; no rights checks (the services and the import
/// do those). Everything runs in the caller's transaction.
class AccessUserStore {
public:
  AccessUserStore(soci::session& session, const Database& database) : session_(session), database_(database) {}

  /// Full users (cards, permissions with codes, affiliation code) for the given row ids, in the
  /// order given; unknown ids are skipped.
  std::vector<AccessUser> load(const std::vector<int64_t>& ids, bool withPermissions = true);
  /// Row id of each user ID that exists.
  std::unordered_map<std::string, int64_t> idsOf(const std::vector<std::string>& userIds);
  /// Every user's row id by user ID, and every card's owner (row id): for large imports.
  std::unordered_map<std::string, int64_t> allUserIds();
  std::unordered_map<std::string, int64_t> allCardOwners();
  /// Owner (row id) of each of `cards` that is registered.
  std::unordered_map<std::string, int64_t> cardOwners(const std::vector<std::string>& cards);
  int64_t count();

  /// Reserves `count` consecutive row ids (the caller holds the write lock) and returns the first.
  int64_t reserveIds(int64_t count);
  /// Inserts users whose `id` is already set (reserveIds), with their cards and permissions, by
  /// the backend's bulk path.
  void insert(const std::vector<const AccessUser*>& users);
  /// Rewrites the user's row, cards and permissions.
  void update(const AccessUser& user);
  void remove(const std::vector<int64_t>& ids);

  /// The user as JSON for the user-setting history (the PIN shown only as set or not).
  static std::string snapshot(const AccessUser& user);
  /// The payload of monban.users.changed: the change, the count and the first 1,000 row ids.
  static std::string changedPayload(const char* change, const std::vector<int64_t>& ids);
  /// "<column> IN (affiliations in the actor's scope)", its parameters appended to `params`;
  /// empty for an actor of every affiliation.
  static std::string affiliationScopeCondition(const Actor& actor, const std::string& column,
                                               std::vector<SqlValue>& params);

private:
  soci::session& session_;
  const Database& database_;
};

}  // namespace monban::host::domain
