#pragma once

#include <string>
#include <vector>

#include "PassbackAreas.h"
#include "TableCompiler.h"

namespace monban::gate {

/// The gate parameters file (docs/csv-formats.md, "Gate parameters"): one row per gate with the
/// gate parameters the server sends its controller, in gate-code order. RFC 4180, UTF-8, CRLF.
std::string gateParametersCsv(std::vector<GateRow> gates, const std::vector<PassbackArea>& areas);

}  // namespace monban::gate
