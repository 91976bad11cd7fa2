// The gate parameters file: one quoted row per gate in code order, anti-passback as the
// controller gets it.
#include <gtest/gtest.h>

#include "GateParameterExport.h"

namespace monban::gate {
namespace {

GateRow gate(int64_t id, std::string code, std::string name) {
  GateRow g;
  g.id = id;
  g.code = std::move(code);
  g.name = std::move(name);
  g.address = "192.0.2." + std::to_string(id);
  g.parameters.settings.unlock_mode = "schedule";
  g.parameters.settings.verification_mode = "card";
  g.parameters.entry_reader = "in";
  g.parameters.exit_reader = "out";
  return g;
}

TEST(GateParameterExport, OneQuotedRowPerGateInCodeOrder) {
  GateRow lobby = gate(1, "LOBBY", "Lobby, \"north\" door");
  lobby.parameters.anti_passback = {true, 7};
  lobby.parameters.door_open_seconds = 12;
  GateRow store = gate(2, "STORE", "Store room");
  store.parameters.anti_passback = {true, 0};
  GateRow annex = gate(3, "ANNEX", "Annex\nback door");
  annex.parameters.settings.unlock_mode = "always_unlocked";
  PassbackArea area;
  area.id = 7;
  area.code = "HALL";
  const std::string csv = gateParametersCsv({lobby, store, annex}, {area});
  EXPECT_EQ(
      csv,
      "\"code\",\"name\",\"controller_address\",\"unlock_mode\",\"verification_mode\",\"entry_reader\","
      "\"exit_reader\",\"door_open_seconds\",\"anti_passback\",\"anti_passback_area\"\r\n"
      "\"ANNEX\",\"Annex\nback door\",\"192.0.2.3\",\"always_unlocked\",\"card\",\"in\",\"out\",\"5\",\"none\","
      "\"\"\r\n"
      "\"LOBBY\",\"Lobby, \"\"north\"\" door\",\"192.0.2.1\",\"schedule\",\"card\",\"in\",\"out\",\"12\",\"area\","
      "\"HALL\"\r\n"
      "\"STORE\",\"Store room\",\"192.0.2.2\",\"schedule\",\"card\",\"in\",\"out\",\"5\",\"own\",\"\"\r\n");
}

TEST(GateParameterExport, NoGatesGiveTheHeaderAlone) {
  const std::string csv = gateParametersCsv({}, {});
  EXPECT_EQ(csv.find("\r\n"), csv.size() - 2);
  EXPECT_EQ(csv.rfind("\"code\",", 0), 0u);
}

}  // namespace
}  // namespace monban::gate
