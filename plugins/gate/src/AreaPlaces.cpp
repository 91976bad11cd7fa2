#include "AreaPlaces.h"

#include "Migration.h"

#include <monban/sdk/database.hpp>

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
  writePlaces(host_, "gate_passback_places", "area_id", "updated_at_ms", area, moves);
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
