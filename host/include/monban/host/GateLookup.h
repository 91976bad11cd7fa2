#pragma once

#include <optional>
#include <ostream>
#include <string>

#include "monban/host/domain/Domain.h"

namespace monban::host {

/// A gate by its code, or by its id when the text is a number and no gate has it as code (the
/// command-line form of naming a gate).
std::optional<domain::Gate> findGate(domain::Domain& domain, const domain::Actor& actor, const std::string& key);

/// findGate for a command: when there is no such gate, says "COMMAND: no gate with code or id
/// 'KEY'" on `err`.
std::optional<domain::Gate> findGateFor(const std::string& command, domain::Domain& domain, const domain::Actor& actor,
                                        const std::string& key, std::ostream& err);

}  // namespace monban::host
