#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "monban/host/domain/Domain.h"

namespace monban::host {

/// `monban schedule at GATE [TIME]`: the effective door mode of a gate (code or id) at a local
/// time (default now), with the date kind, calendar, schedule band and the reason, as the
/// controllers enforce it. Returns 0, 64 for usage, 65 for an unknown gate or a bad time.
int runScheduleCommand(const std::vector<std::string>& args, domain::Domain& domain, const std::string& actorName,
                       std::ostream& out, std::ostream& err);

}  // namespace monban::host
