#include "PassbackAreas.h"

#include "Migration.h"

#include <stdexcept>

#include <monban/sdk/database.hpp>

namespace monban::gate {

using monban::sdk::Database;
using monban::sdk::Row;

namespace {

const char* const kMigration[] = {
    "CREATE TABLE gate_passback_areas (id BIGINT NOT NULL PRIMARY KEY, code VARCHAR(32) NOT NULL UNIQUE,"
    " name VARCHAR(100) NOT NULL, updated_at_ms BIGINT NOT NULL)",
    "CREATE TABLE gate_passback_members (gate_id BIGINT NOT NULL PRIMARY KEY, area_id BIGINT NOT NULL)",
};

void validate(const std::string& code, const std::string& name) {
  if (code.empty() || code.size() > 32)
    throw std::invalid_argument("code: 1 to 32 characters (letters, digits, '-', '_')");
  for (char ch : code)
    if (!(std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_'))
      throw std::invalid_argument("code \"" + code + "\": only letters, digits, '-' and '_'");
  if (name.empty() || name.size() > 100) throw std::invalid_argument("name: 1 to 100 bytes");
}

std::map<int64_t, int64_t> membership(Database& db) {
  std::map<int64_t, int64_t> out;
  db.query("SELECT gate_id, area_id FROM gate_passback_members", {}, [&](const Row& row) {
    out[row.integer(0)] = row.integer(1);
    return true;
  });
  return out;
}

}  // namespace

monban_migration PassbackAreas::migration(uint32_t version) {
  return migrationOf(version, "global anti-passback areas", kMigration);
}

std::vector<PassbackArea> PassbackAreas::list() const {
  Database db = host_.database();
  std::vector<PassbackArea> out;
  std::map<int64_t, std::size_t> index;
  db.query("SELECT id, code, name FROM gate_passback_areas ORDER BY code", {}, [&](const Row& row) {
    index[row.integer(0)] = out.size();
    out.push_back({row.integer(0), row.text(1), row.text(2), {}});
    return true;
  });
  for (const auto& [gate, area] : membership(db))
    if (const auto found = index.find(area); found != index.end()) out[found->second].gates.insert(gate);
  return out;
}

std::set<int64_t> PassbackAreas::put(const std::string& code, const std::string& name, const std::set<int64_t>& gates) {
  validate(code, name);
  Database db = host_.database();
  monban::sdk::Transaction tx(db);
  int64_t id = 0, next = 1;
  db.query("SELECT id, code FROM gate_passback_areas", {}, [&](const Row& row) {
    if (row.text(1) == code) id = row.integer(0);
    next = std::max(next, row.integer(0) + 1);
    return true;
  });
  const auto before = membership(db);
  if (id == 0) {
    id = next;
    db.execute("INSERT INTO gate_passback_areas (id, code, name, updated_at_ms) VALUES (:i, :c, :n, :t)",
               {id, code, name, host_.nowMs()});
  } else {
    db.execute("UPDATE gate_passback_areas SET name = :n, updated_at_ms = :t WHERE id = :i", {name, host_.nowMs(), id});
  }
  std::set<int64_t> changed;
  for (const auto& [gate, area] : before)
    if (area == id && gates.count(gate) == 0) changed.insert(gate);
  for (int64_t gate : gates) {
    const auto found = before.find(gate);
    if (found == before.end() || found->second != id) changed.insert(gate);
  }
  db.execute("DELETE FROM gate_passback_members WHERE area_id = :i", {id});
  for (int64_t gate : gates) {
    db.execute("DELETE FROM gate_passback_members WHERE gate_id = :g", {gate});
    db.execute("INSERT INTO gate_passback_members (gate_id, area_id) VALUES (:g, :i)", {gate, id});
  }
  tx.commit();
  return changed;
}

std::set<int64_t> PassbackAreas::remove(const std::string& code) {
  Database db = host_.database();
  monban::sdk::Transaction tx(db);
  int64_t id = 0;
  db.query("SELECT id FROM gate_passback_areas WHERE code = :c", {code}, [&](const Row& row) {
    id = row.integer(0);
    return false;
  });
  if (id == 0) throw std::out_of_range("no anti-passback area \"" + code + "\"");
  std::set<int64_t> gates;
  for (const auto& [gate, area] : membership(db))
    if (area == id) gates.insert(gate);
  db.execute("DELETE FROM gate_passback_members WHERE area_id = :i", {id});
  db.execute("DELETE FROM gate_passback_areas WHERE id = :i", {id});
  tx.commit();
  return gates;
}

}  // namespace monban::gate
