#include "SingleGatePassback.h"

#include "Migration.h"

#include <monban/sdk/database.hpp>

namespace monban::gate {

using monban::sdk::Database;
using monban::sdk::Row;

namespace {

const char* const kMigration[] = {
    "CREATE TABLE gate_passback_single (gate_id BIGINT NOT NULL PRIMARY KEY, updated_at_ms BIGINT NOT NULL)",
};

}  // namespace

monban_migration SingleGatePassback::migration(uint32_t version) {
  return migrationOf(version, "anti-passback of single gates", kMigration);
}

std::set<int64_t> SingleGatePassback::gates() const {
  Database db = host_.database();
  std::set<int64_t> out;
  db.query("SELECT gate_id FROM gate_passback_single", {}, [&](const Row& row) {
    out.insert(row.integer(0));
    return true;
  });
  return out;
}

bool SingleGatePassback::set(int64_t gate, bool enforced) {
  Database db = host_.database();
  monban::sdk::Transaction tx(db);
  bool was = false;
  db.query("SELECT gate_id FROM gate_passback_single WHERE gate_id = :g", {gate}, [&](const Row&) {
    was = true;
    return false;
  });
  if (was == enforced) return false;
  if (enforced)
    db.execute("INSERT INTO gate_passback_single (gate_id, updated_at_ms) VALUES (:g, :t)", {gate, host_.nowMs()});
  else
    db.execute("DELETE FROM gate_passback_single WHERE gate_id = :g", {gate});
  tx.commit();
  return true;
}

}  // namespace monban::gate
