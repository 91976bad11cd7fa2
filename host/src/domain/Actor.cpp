#include "monban/host/domain/Actor.h"

#include <algorithm>

#include "monban/host/domain/DomainError.h"

namespace monban::host::domain {

Actor::Actor(int64_t operatorId, std::string name, AccessRights rights, Scope scope)
    : operator_id_(operatorId), name_(std::move(name)), rights_(std::move(rights)), scope_(std::move(scope)) {}

Actor Actor::system(std::string name) {
  AccessRights rights(OperatorType::SystemAdministrator);
  for (const RightSpec& spec : rightSpecs())
    if (!spec.fixed) rights.set(spec.right, AccessLevel::Edit);
  Scope scope;
  scope.all_management_groups = true;
  scope.all_affiliations = true;
  return Actor(0, std::move(name), rights, scope);
}

Actor Actor::forOperator(int64_t operatorId, std::string loginId, AccessRights rights, Scope scope) {
  return Actor(operatorId, std::move(loginId), std::move(rights), std::move(scope));
}

void Actor::require(Right right, AccessLevel level) const {
  if (rights_.allows(right, level)) return;
  throw DomainError("forbidden", "operator '" + name_ + "' has no " + toString(level) + " right for " +
                                     specOf(right).title + " (" + specOf(right).key + ")");
}

bool Actor::inManagementGroupScope(int64_t managementGroupId) const {
  if (scope_.all_management_groups) return true;
  return std::find(scope_.management_groups.begin(), scope_.management_groups.end(), managementGroupId) !=
         scope_.management_groups.end();
}

bool Actor::inAffiliationScope(std::string_view path) const {
  if (scope_.all_affiliations) return true;
  if (path.empty()) return false;
  return std::any_of(scope_.affiliation_paths.begin(), scope_.affiliation_paths.end(),
                     [&](const std::string& root) { return path.substr(0, root.size()) == root; });
}

}  // namespace monban::host::domain
