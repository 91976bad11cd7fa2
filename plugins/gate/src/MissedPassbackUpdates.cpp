#include "MissedPassbackUpdates.h"

#include "Migration.h"

#include <monban/sdk/database.hpp>

namespace monban::gate {

using monban::sdk::Database;
using monban::sdk::Row;

namespace {

const char* const kMigration[] = {
    "CREATE TABLE gate_passback_missed (gate_id BIGINT NOT NULL, user_ref BIGINT NOT NULL, inside INTEGER NOT NULL,"
    " kept_at_ms BIGINT NOT NULL, PRIMARY KEY (gate_id, user_ref))",
};

}  // namespace

monban_migration MissedPassbackUpdates::migration(uint32_t version) {
  return migrationOf(version, "anti-passback updates kept for controllers that missed them", kMigration);
}

std::map<int64_t, std::map<int64_t, bool>> MissedPassbackUpdates::load() const {
  Database db = host_.database();
  std::map<int64_t, std::map<int64_t, bool>> out;
  db.query("SELECT gate_id, user_ref, inside FROM gate_passback_missed", {}, [&](const Row& row) {
    out[row.integer(0)][row.integer(1)] = row.integer(2) != 0;
    return true;
  });
  return out;
}

void MissedPassbackUpdates::keep(int64_t gate, const std::vector<PassbackMove>& moves) {
  Database db = host_.database();
  monban::sdk::Transaction tx(db);
  const int64_t now = host_.nowMs();
  for (const auto& [user, inside] : moves) {
    db.execute("DELETE FROM gate_passback_missed WHERE gate_id = :g AND user_ref = :u", {gate, user});
    db.execute("INSERT INTO gate_passback_missed (gate_id, user_ref, inside, kept_at_ms) VALUES (:g, :u, :i, :a)",
               {gate, user, static_cast<int64_t>(inside ? 1 : 0), now});
  }
  tx.commit();
}

void MissedPassbackUpdates::forget(int64_t gate, const std::vector<int64_t>& users) {
  Database db = host_.database();
  monban::sdk::Transaction tx(db);
  for (int64_t user : users)
    db.execute("DELETE FROM gate_passback_missed WHERE gate_id = :g AND user_ref = :u", {gate, user});
  tx.commit();
}

}  // namespace monban::gate
