#include "UserPlaces.h"

#include "Migration.h"

#include <monban/sdk/database.hpp>

#include <string>

namespace monban::gate {

using monban::sdk::Database;
using monban::sdk::Row;

namespace {

const char* const kMigration[] = {
    "CREATE TABLE gate_passback_places (area_id BIGINT NOT NULL, user_ref BIGINT NOT NULL, inside INTEGER NOT NULL,"
    " updated_at_ms BIGINT NOT NULL, PRIMARY KEY (area_id, user_ref))",
    "CREATE TABLE gate_passback_gate_places (gate_id BIGINT NOT NULL, user_ref BIGINT NOT NULL,"
    " inside INTEGER NOT NULL, updated_at_ms BIGINT NOT NULL, PRIMARY KEY (gate_id, user_ref))",
};

struct Table {
  const char* name;
  const char* key;
};

Table tableOf(PlaceScope scope) {
  return scope == PlaceScope::Area ? Table{"gate_passback_places", "area_id"}
                                   : Table{"gate_passback_gate_places", "gate_id"};
}

/// Deletes the rows of every key of `table` not in `keep`.
void keepOnlyKeys(Database& db, Table table, const std::set<int64_t>& keep) {
  std::set<int64_t> stored;
  db.query(("SELECT DISTINCT " + std::string(table.key) + " FROM " + table.name).c_str(), {}, [&](const Row& row) {
    stored.insert(row.integer(0));
    return true;
  });
  const std::string remove = "DELETE FROM " + std::string(table.name) + " WHERE " + table.key + " = :k";
  for (int64_t key : stored)
    if (keep.count(key) == 0) db.execute(remove.c_str(), {key});
}

}  // namespace

monban_migration UserPlaces::migration(uint32_t version) {
  return migrationOf(version, "where users are for anti-passback, per area and per gate alone", kMigration);
}

void UserPlaces::record(PlaceScope scope, int64_t key, const std::vector<PassbackMove>& moves) {
  const Table table = tableOf(scope);
  writePlaces(host_, table.name, table.key, "updated_at_ms", key, moves);
}

std::vector<PassbackMove> UserPlaces::of(PlaceScope scope, int64_t key) const {
  const Table table = tableOf(scope);
  Database db = host_.database();
  std::vector<PassbackMove> out;
  const std::string sql =
      "SELECT user_ref, inside FROM " + std::string(table.name) + " WHERE " + table.key + " = :k ORDER BY user_ref";
  db.query(sql.c_str(), {key}, [&](const Row& row) {
    out.emplace_back(row.integer(0), row.integer(1) != 0);
    return true;
  });
  return out;
}

void UserPlaces::keepOnly(const std::set<int64_t>& areas, const std::set<int64_t>& ownGates) {
  Database db = host_.database();
  monban::sdk::Transaction tx(db);
  keepOnlyKeys(db, tableOf(PlaceScope::Area), areas);
  keepOnlyKeys(db, tableOf(PlaceScope::Gate), ownGates);
  tx.commit();
}

}  // namespace monban::gate
