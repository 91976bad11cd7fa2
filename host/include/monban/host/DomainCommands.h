#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "monban/host/domain/Domain.h"

namespace monban::host {

/// Options of the data commands, as given on the command line.
struct DataCommandOptions {
  bool dry_run = false;
  bool strict = false;
  std::string encoding = "auto";
  std::string results_file;  ///< CSV of every row's result
};

/// `monban users import|export FILE` and `monban affiliations import|export FILE`, run as the
/// local administrator `actorName`. Returns the exit status: 0 done, 64 usage, 65 bad data
/// (a row or the file refused), 77 not permitted.
int runDataCommand(const std::vector<std::string>& args, const DataCommandOptions& options, domain::Domain& domain,
                   const std::string& actorName, std::ostream& out, std::ostream& err);

/// `monban operators bootstrap [LOGIN]`: creates the first system administrator (default login
/// "admin") with a generated one-time password, printed once; refused once any operator exists.
int runOperatorCommand(const std::vector<std::string>& args, domain::Domain& domain, const std::string& actorName,
                       std::ostream& out, std::ostream& err);

}  // namespace monban::host
