#pragma once

#include <vector>

#include "monban/host/domain/AccessUser.h"
#include "monban/host/domain/Actor.h"
#include "monban/host/domain/Catalogue.h"
#include "monban/host/domain/DomainLimits.h"

namespace monban::host::domain {

/// Checks every field of `user` (SPEC sections 3, 5 and 6 rules) and resolves its codes against
/// the catalogue: the affiliation and every permitted gate and gate group must exist and lie in
/// the actor's scope. Fills in the resolved ids; returns every problem found (none: valid).
std::vector<FieldProblem> resolveAccessUser(AccessUser& user, const Catalogue& catalogue, const Actor& actor,
                                            const DomainLimits& limits);

/// The permissions to store when `actor` edits `existing` into `edited`: the edited ones, plus
/// the existing ones on gates and gate groups outside the actor's scope, which it can neither see
/// nor change.
void keepOutOfScopePermissions(AccessUser& edited, const AccessUser& existing, const Catalogue& catalogue,
                               const Actor& actor);

/// The user as the actor may see it: permissions outside its scope are left out.
void hideOutOfScopePermissions(AccessUser& user, const Catalogue& catalogue, const Actor& actor);

}  // namespace monban::host::domain
