#include "AreaPlaces.h"

#include "Migration.h"

#include <monban/sdk/database.hpp>

#include <map>

namespace monban::gate {

using monban::sdk::Database;
using monban::sdk::Row;

namespace {

const char* const kMigration[] = {
    "CREATE TABLE gate_passback_places (area_id BIGINT NOT NULL, user_ref BIGINT NOT NULL, inside INTEGER NOT NULL,"
    " updated_at_ms BIGINT NOT NULL, PRIMARY KEY (area_id, user_ref))",
};

}  // namespace

monban_migration AreaPlaces::migration(uint32_t version) {
  return migrationOf(version, "where users are for each global anti-passback area", kMigration);
}

void AreaPlaces::record(int64_t area, const std::vector<PassbackMove>& moves) {
  std::map<int64_t, bool> last;
  for (const auto& [user, inside] : moves) last[user] = inside;
  Database db = host_.database();
  monban::sdk::Transaction tx(db);
  const int64_t now = host_.nowMs();
  for (const auto& [user, inside] : last) {
    db.execute("DELETE FROM gate_passback_places WHERE area_id = :a AND user_ref = :u", {area, user});
    db.execute("INSERT INTO gate_passback_places (area_id, user_ref, inside, updated_at_ms) VALUES (:a, :u, :i, :t)",
               {area, user, static_cast<int64_t>(inside ? 1 : 0), now});
  }
  tx.commit();
}

std::vector<PassbackMove> AreaPlaces::of(int64_t area) const {
  Database db = host_.database();
  std::vector<PassbackMove> out;
  db.query("SELECT user_ref, inside FROM gate_passback_places WHERE area_id = :a ORDER BY user_ref", {area},
           [&](const Row& row) {
             out.emplace_back(row.integer(0), row.integer(1) != 0);
             return true;
           });
  return out;
}

void AreaPlaces::keepOnly(const std::set<int64_t>& areas) {
  Database db = host_.database();
  std::set<int64_t> stored;
  db.query("SELECT DISTINCT area_id FROM gate_passback_places", {}, [&](const Row& row) {
    stored.insert(row.integer(0));
    return true;
  });
  monban::sdk::Transaction tx(db);
  for (int64_t area : stored)
    if (areas.count(area) == 0) db.execute("DELETE FROM gate_passback_places WHERE area_id = :a", {area});
  tx.commit();
}

}  // namespace monban::gate
