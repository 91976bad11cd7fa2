#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "monban/host/domain/Domain.h"

namespace monban::host {

/// `monban gates add CODE NAME ADDRESS GROUP`: adds a gate with its controller address to the
/// management group with code GROUP (created when missing). Returns 0, 64 for usage, 65 for data
/// the domain refuses (with its reason).
int runGateCommand(const std::vector<std::string>& args, domain::Domain& domain, const std::string& actorName,
                   std::ostream& out, std::ostream& err);

}  // namespace monban::host
