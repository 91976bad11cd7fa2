#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "monban/host/domain/Actor.h"

namespace soci {
class session;
}

namespace monban::host::domain {

/// The small reference tables (gates, gate groups, affiliations; at most a few thousand rows)
/// loaded once per operation, so rows of a large import are resolved without queries.
class Catalogue {
public:
  struct GateEntry {
    int64_t id;
    std::string code;
    int64_t management_group_id;
  };
  struct GateGroupEntry {
    int64_t id;
    std::string code;
    std::vector<int64_t> management_groups;  ///< of its gates
  };
  struct AffiliationEntry {
    int64_t id;
    std::string code;
    std::string path;
  };

  static Catalogue load(soci::session& session);

  const GateEntry* gate(const std::string& code) const;
  const GateEntry* gate(int64_t id) const;
  const GateGroupEntry* gateGroup(const std::string& code) const;
  const GateGroupEntry* gateGroup(int64_t id) const;
  const AffiliationEntry* affiliation(const std::string& code) const;
  const AffiliationEntry* affiliation(int64_t id) const;

  /// A gate group is in scope when every one of its gates is.
  static bool inScope(const Actor& actor, const GateGroupEntry& group);

private:
  std::vector<GateEntry> gates_;
  std::vector<GateGroupEntry> groups_;
  std::vector<AffiliationEntry> affiliations_;
  std::unordered_map<std::string, std::size_t> gate_codes_, group_codes_, affiliation_codes_;
  std::unordered_map<int64_t, std::size_t> gate_ids_, group_ids_, affiliation_ids_;
};

}  // namespace monban::host::domain
