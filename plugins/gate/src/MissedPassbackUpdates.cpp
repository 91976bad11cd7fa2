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

void writePlaces(monban::sdk::Host host, const std::string& table, const std::string& keyColumn,
                 const std::string& timeColumn, int64_t key, const std::vector<PassbackMove>& moves) {
  std::map<int64_t, bool> last;
  for (const auto& [user, inside] : moves) last[user] = inside;
  const std::string remove = "DELETE FROM " + table + " WHERE " + keyColumn + " = :k AND user_ref = :u";
  const std::string insert =
      "INSERT INTO " + table + " (" + keyColumn + ", user_ref, inside, " + timeColumn + ") VALUES (:k, :u, :i, :t)";
  Database db = host.database();
  monban::sdk::Transaction tx(db);
  const int64_t now = host.nowMs();
  for (const auto& [user, inside] : last) {
    db.execute(remove.c_str(), {key, user});
    db.execute(insert.c_str(), {key, user, static_cast<int64_t>(inside ? 1 : 0), now});
  }
  tx.commit();
}

void MissedPassbackUpdates::keep(int64_t gate, const std::vector<PassbackMove>& moves) {
  writePlaces(host_, "gate_passback_missed", "gate_id", "kept_at_ms", gate, moves);
}

void MissedPassbackUpdates::forget(int64_t gate, const std::vector<int64_t>& users) {
  Database db = host_.database();
  monban::sdk::Transaction tx(db);
  for (int64_t user : users)
    db.execute("DELETE FROM gate_passback_missed WHERE gate_id = :g AND user_ref = :u", {gate, user});
  tx.commit();
}

}  // namespace monban::gate
