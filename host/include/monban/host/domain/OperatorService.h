#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "monban/host/domain/AccessRights.h"
#include "monban/host/domain/Actor.h"
#include "monban/host/domain/DomainContext.h"

namespace soci {
class session;
}

namespace monban::host::domain {

/// A person who runs Monban from the web UI.
struct Operator {
  int64_t id = 0;
  std::string login_id;
  std::string display_name;
  OperatorType type = OperatorType::GeneralAdministrator;
  std::string rights;  ///< AccessRights::toText() form; empty: the type's defaults
  bool all_management_groups = false;
  std::vector<int64_t> management_groups;
  bool all_affiliations = false;
  std::vector<int64_t> affiliations;  ///< each with its subtree
  bool disabled = false;
  /// The password was set by someone else (bootstrap, reset) and must be changed at next login.
  bool password_change_required = false;
  int64_t updated_at_ms = 0;
};

/// A named set of list filters an operator keeps (at most 20 each).
struct SavedSearch {
  int64_t id = 0;
  std::string name;
  std::string conditions;  ///< JSON, as the UI wrote it
};

/// Operators (the operators right, edit to change) and each operator's saved searches (its own
/// only). Fixed rights of the operator type cannot be changed.
class OperatorService {
public:
  explicit OperatorService(DomainContext& context) : context_(context) {}

  /// `password` obeys checkPasswordRules and is stored only as an argon2id hash.
  Operator create(const Actor& actor, Operator input, const std::string& password);
  Operator update(const Actor& actor, Operator input);
  /// Sets another operator's password (the operators right at edit); it must be changed at that
  /// operator's next login. Setting one's own password this way needs no right and no change.
  void setPassword(const Actor& actor, int64_t id, const std::string& password);
  /// The operator changes its own password, proving the current one; clears a required change.
  void changeOwnPassword(const Actor& actor, const std::string& currentPassword, const std::string& newPassword);
  /// True while no operator exists: the first administrator is still to be created.
  bool setupRequired();
  /// Creates the first system administrator with `password`, which must be changed at first
  /// login. Refused ("conflict") once any operator exists, so it can never add a backdoor.
  Operator bootstrap(const Actor& actor, const std::string& loginId, const std::string& password);
  void remove(const Actor& actor, int64_t id);
  Operator get(const Actor& actor, int64_t id);
  std::vector<Operator> list(const Actor& actor);

  /// The acting operator for `loginId` with its rights and scope resolved; nullopt when unknown
  /// or disabled.
  std::optional<Actor> actorFor(const std::string& loginId);
  std::optional<Actor> actorForId(int64_t operatorId);
  /// actorFor() when the password matches; nullopt otherwise (same answer for an unknown login).
  std::optional<Actor> authenticate(const std::string& loginId, const std::string& password);

  SavedSearch saveSearch(const Actor& actor, const std::string& name, const std::string& conditions);
  std::vector<SavedSearch> savedSearches(const Actor& actor);
  void removeSearch(const Actor& actor, int64_t id);

private:
  /// Adds an operator whose password it must change at first sign-in: `precondition` runs in the
  /// transaction before the insert; the system log names the action `logAction`.
  Operator add(const Actor& actor, Operator input, const std::string& password, std::string_view logAction,
               const std::function<void(soci::session&)>& precondition);

  DomainContext& context_;
};

}  // namespace monban::host::domain
