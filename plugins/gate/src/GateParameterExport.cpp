#include "GateParameterExport.h"

#include <csv.h>

#include <algorithm>
#include <initializer_list>
#include <map>

namespace monban::gate {

namespace {

/// One row; libcsv quotes every field (quotes doubled), so commas, quotes and line breaks in
/// names survive a spreadsheet.
void appendRow(std::string& out, std::initializer_list<std::string> fields) {
  bool first = true;
  for (const std::string& field : fields) {
    if (!first) out += ',';
    first = false;
    std::string quoted(field.size() * 2 + 2, '\0');
    quoted.resize(csv_write(quoted.data(), quoted.size(), field.data(), field.size()));
    out += quoted;
  }
  out += "\r\n";
}

}  // namespace

std::string gateParametersCsv(std::vector<GateRow> gates, const std::vector<PassbackArea>& areas) {
  std::map<int64_t, std::string> areaCodes;
  for (const PassbackArea& area : areas) areaCodes[area.id] = area.code;
  std::sort(gates.begin(), gates.end(), [](const GateRow& a, const GateRow& b) { return a.code < b.code; });
  std::string out;
  appendRow(out, {"code", "name", "controller_address", "unlock_mode", "verification_mode", "entry_reader",
                  "exit_reader", "door_open_seconds", "anti_passback", "anti_passback_area"});
  for (const GateRow& g : gates) {
    const GateParameters& p = g.parameters;
    // An area's anti-passback, else the gate's own (area 0), else none: as the controller gets it.
    const char* passback = !p.anti_passback.enforced ? "none" : p.anti_passback.area_id == 0 ? "own" : "area";
    const auto area = areaCodes.find(p.anti_passback.area_id);
    appendRow(out, {g.code, g.name, g.address, p.settings.unlock_mode, p.settings.verification_mode, p.entry_reader,
                    p.exit_reader, std::to_string(p.door_open_seconds), passback,
                    p.anti_passback.enforced && area != areaCodes.end() ? area->second : std::string()});
  }
  return out;
}

}  // namespace monban::gate
