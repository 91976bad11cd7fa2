#pragma once

#include <optional>
#include <string>

#include "monban/host/domain/Domain.h"

namespace monban::host {

/// A gate by its code, or by its id when the text is a number and no gate has it as code (the
/// command-line form of naming a gate).
std::optional<domain::Gate> findGate(domain::Domain& domain, const domain::Actor& actor, const std::string& key);

}  // namespace monban::host
