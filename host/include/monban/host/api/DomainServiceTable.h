#pragma once

#include <monban/sdk/domain.h>

namespace monban::host::api {

/// The C table of the "monban.domain" host service. Its `call` finds the DomainApi through the
/// calling plugin's context, so one static table serves every plugin.
const monban_domain_service& domainServiceTable();

}  // namespace monban::host::api
