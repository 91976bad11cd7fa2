#pragma once

#include <vector>

#include "monban/host/Database.h"
#include "monban/host/Migrator.h"

namespace monban::host::domain {

/// Migrations of component "domain": management groups, gates, gate groups, affiliations,
/// access users with cards and permissions, operators with their scopes, saved searches,
/// user-setting history and system log. Written once in portable form (SqlDialect.h).
std::vector<Migration> domainMigrations(Dialect dialect);

}  // namespace monban::host::domain
