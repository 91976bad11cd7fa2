#include "ParameterComparison.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <sstream>

namespace monban::gate {

std::vector<ParameterField> gateParameterFields(const GateParameters& held, const GateParameters& expected) {
  return {
      {"unlock_mode", held.settings.unlock_mode, expected.settings.unlock_mode, ""},
      {"verification_mode", held.settings.verification_mode, expected.settings.verification_mode, ""},
      {"entry_reader", held.entry_reader, expected.entry_reader, ""},
      {"exit_reader", held.exit_reader, expected.exit_reader, ""},
      {"anti_passback", held.anti_passback.enforced, expected.anti_passback.enforced, "anti-passback settings"},
      {"anti_passback_area", held.anti_passback.area_id, expected.anti_passback.area_id, "anti-passback settings"},
      {"door_open_seconds", static_cast<int64_t>(held.door_open_seconds),
       static_cast<int64_t>(expected.door_open_seconds), ""},
  };
}

std::vector<ParameterField> cardParameterFields(const CardParameters& held, const CardParameters& expected) {
  return {
      {"card_type", held.card_type, expected.card_type, "gate.ini"},
      {"card_source", held.source, expected.source, "gate.ini"},
      {"card_offset", static_cast<int64_t>(held.offset), static_cast<int64_t>(expected.offset), "gate.ini"},
      {"card_length", static_cast<int64_t>(held.length), static_cast<int64_t>(expected.length), "gate.ini"},
  };
}

Poco::JSON::Object parameterFieldJson(const ParameterField& f) {
  Poco::JSON::Object item;
  item.set("name", f.name);
  item.set("controller", f.controller);
  item.set("server", f.server);
  if (!f.kept_in.empty()) item.set("kept_in", f.kept_in);
  return item;
}

std::string parameterComparisonJson(int64_t gate, const std::string& table, const std::vector<ParameterField>& fields) {
  Poco::JSON::Object root;
  root.set("gate_id", gate);
  root.set("table", table);
  Poco::JSON::Array items;
  Poco::JSON::Array differing;
  for (const ParameterField& f : fields) {
    Poco::JSON::Object item = parameterFieldJson(f);
    item.set("differs", f.differs());
    items.add(item);
    if (f.differs()) differing.add(f.name);
  }
  root.set("fields", items);
  root.set("differs", differing);
  std::ostringstream out;
  root.stringify(out);
  return out.str();
}

}  // namespace monban::gate
