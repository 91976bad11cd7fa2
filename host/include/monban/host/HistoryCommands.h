#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "monban/host/Clock.h"
#include "monban/host/Database.h"

namespace monban::host {

/// `monban history purge` and `monban history export FILE [--from TIME] [--to TIME]
/// [--kind KIND]...`, run as the local administrator "cli:$USER". `args` are the command
/// words, starting with "history". TIME is ISO 8601 ("2025-04-01", "2025-04-01T09:00",
/// "...+09:00"; local time without an offset); KIND is access, alarm, gate_operation or
/// gate_management (repeat or separate with commas for several); FILE "-" is standard output.
/// Returns 0 done, 64 usage, 65 bad input (naming the argument). Database failures are thrown.
/// Expects the domain and history schemas to be migrated.
int runHistoryCommand(const std::vector<std::string>& args, Database& db, const Clock& clock, std::ostream& out,
                      std::ostream& err);

}  // namespace monban::host
