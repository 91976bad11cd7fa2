#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "monban/host/domain/AccessRights.h"

namespace monban::host::domain {

/// Where an operator may act: management groups (for gates and gate permissions) and
/// affiliations (for access users; each listed affiliation includes its whole subtree).
struct Scope {
  bool all_management_groups = false;
  std::vector<int64_t> management_groups;
  bool all_affiliations = false;
  /// Materialised paths ("/1/7/") of the affiliations in scope; a path under one of them is in scope.
  std::vector<std::string> affiliation_paths;
};

/// Who performs a domain call. Every service call takes one; rights and scope are checked in
/// the service, whatever the caller (web UI, CLI, plugin).
class Actor {
public:
  /// The local administrator: the CLI run on the server and the host's own jobs. Every right,
  /// every scope; recorded under `name` ("cli:root", "job:history-purge").
  static Actor system(std::string name);
  /// An operator as loaded from the database.
  static Actor forOperator(int64_t operatorId, std::string loginId, AccessRights rights, Scope scope);

  int64_t operatorId() const { return operator_id_; }
  /// The name written to the user-setting history and the system log.
  const std::string& name() const { return name_; }
  const AccessRights& rights() const { return rights_; }
  const Scope& scope() const { return scope_; }

  /// Throws DomainError "forbidden" naming the right and the level missing.
  void require(Right right, AccessLevel level) const;
  bool inManagementGroupScope(int64_t managementGroupId) const;
  /// Whether an access user of the affiliation with `path` is in scope; users without an
  /// affiliation (empty path) are in scope only for operators with every affiliation.
  bool inAffiliationScope(std::string_view path) const;

private:
  Actor(int64_t operatorId, std::string name, AccessRights rights, Scope scope);

  int64_t operator_id_;
  std::string name_;
  AccessRights rights_;
  Scope scope_;
};

}  // namespace monban::host::domain
