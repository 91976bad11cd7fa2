#include "monban/host/domain/Catalogue.h"

#include <algorithm>

#include "monban/host/SqlStatement.h"

namespace monban::host::domain {

namespace {

template <class Map, class Key>
std::size_t find(const Map& map, const Key& key) {
  auto it = map.find(key);
  return it == map.end() ? SIZE_MAX : it->second;
}

}  // namespace

Catalogue Catalogue::load(soci::session& s) {
  Catalogue c;
  querySql(s, "SELECT id, code, management_group_id FROM gates", {}, [&](const SqlRow& row) {
    c.gates_.push_back({sqlInteger(row.values[0]), sqlText(row.values[1]), sqlInteger(row.values[2])});
    return true;
  });
  for (std::size_t i = 0; i < c.gates_.size(); ++i) {
    c.gate_codes_[c.gates_[i].code] = i;
    c.gate_ids_[c.gates_[i].id] = i;
  }
  querySql(s, "SELECT id, code FROM gate_groups", {}, [&](const SqlRow& row) {
    c.groups_.push_back({sqlInteger(row.values[0]), sqlText(row.values[1]), {}});
    return true;
  });
  for (std::size_t i = 0; i < c.groups_.size(); ++i) {
    c.group_codes_[c.groups_[i].code] = i;
    c.group_ids_[c.groups_[i].id] = i;
  }
  querySql(s,
           "SELECT m.gate_group_id, g.management_group_id FROM gate_group_members m JOIN gates g ON g.id = m.gate_id",
           {}, [&](const SqlRow& row) {
             const std::size_t i = find(c.group_ids_, sqlInteger(row.values[0]));
             if (i != SIZE_MAX) c.groups_[i].management_groups.push_back(sqlInteger(row.values[1]));
             return true;
           });
  querySql(s, "SELECT id, code, path FROM affiliations", {}, [&](const SqlRow& row) {
    c.affiliations_.push_back({sqlInteger(row.values[0]), sqlText(row.values[1]), sqlText(row.values[2])});
    return true;
  });
  for (std::size_t i = 0; i < c.affiliations_.size(); ++i) {
    c.affiliation_codes_[c.affiliations_[i].code] = i;
    c.affiliation_ids_[c.affiliations_[i].id] = i;
  }
  return c;
}

const Catalogue::GateEntry* Catalogue::gate(const std::string& code) const {
  const std::size_t i = find(gate_codes_, code);
  return i == SIZE_MAX ? nullptr : &gates_[i];
}
const Catalogue::GateEntry* Catalogue::gate(int64_t id) const {
  const std::size_t i = find(gate_ids_, id);
  return i == SIZE_MAX ? nullptr : &gates_[i];
}
const Catalogue::GateGroupEntry* Catalogue::gateGroup(const std::string& code) const {
  const std::size_t i = find(group_codes_, code);
  return i == SIZE_MAX ? nullptr : &groups_[i];
}
const Catalogue::GateGroupEntry* Catalogue::gateGroup(int64_t id) const {
  const std::size_t i = find(group_ids_, id);
  return i == SIZE_MAX ? nullptr : &groups_[i];
}
const Catalogue::AffiliationEntry* Catalogue::affiliation(const std::string& code) const {
  const std::size_t i = find(affiliation_codes_, code);
  return i == SIZE_MAX ? nullptr : &affiliations_[i];
}
const Catalogue::AffiliationEntry* Catalogue::affiliation(int64_t id) const {
  const std::size_t i = find(affiliation_ids_, id);
  return i == SIZE_MAX ? nullptr : &affiliations_[i];
}

bool Catalogue::inScope(const Actor& actor, const GateGroupEntry& group) {
  return std::all_of(group.management_groups.begin(), group.management_groups.end(),
                     [&](int64_t g) { return actor.inManagementGroupScope(g); });
}

}  // namespace monban::host::domain
