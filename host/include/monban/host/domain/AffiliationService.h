#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "monban/host/domain/Actor.h"
#include "monban/host/domain/DomainContext.h"

namespace soci {
class session;
}

namespace monban::host::domain {

/// An organisational unit in the affiliation tree (at most 5 levels, 5,000 units).
struct Affiliation {
  int64_t id = 0;
  std::string code;
  std::string name;
  std::optional<int64_t> parent_id;
  int depth = 1;     ///< 1 for a root
  std::string path;  ///< ids from the root, "/1/7/42/"
  int64_t updated_at_ms = 0;
};

/// The affiliation tree. Reading needs the affiliations or the access-users right and shows the
/// actor's subtrees (with their ancestors, so the tree stays navigable); changing needs the
/// affiliations right at edit and the subtree in scope.
///
/// Rules: codes are unique; a move keeps the whole subtree within 5 levels and never puts a unit
/// under itself or its descendants; a unit with sub-units is deleted only as a subtree
/// (`withSubtree`), and never while any access user belongs to the subtree.
class AffiliationService {
public:
  explicit AffiliationService(DomainContext& context) : context_(context) {}

  Affiliation create(const Actor& actor, const std::string& code, const std::string& name,
                     std::optional<int64_t> parentId);
  /// Changes code and name.
  Affiliation rename(const Actor& actor, int64_t id, const std::string& code, const std::string& name);
  /// Moves the unit and its subtree under `newParentId` (nullopt: to the top level).
  Affiliation move(const Actor& actor, int64_t id, std::optional<int64_t> newParentId);
  void remove(const Actor& actor, int64_t id, bool withSubtree);

  Affiliation get(const Actor& actor, int64_t id);
  std::optional<Affiliation> findByCode(const Actor& actor, const std::string& code);
  /// The tree as the actor may see it, in path order (parents before children).
  std::vector<Affiliation> tree(const Actor& actor);

  // Building blocks shared with the CSV import (no rights checks, caller's transaction).
  static std::vector<Affiliation> loadAll(soci::session& session);
  static std::string snapshot(const Affiliation& affiliation, const std::string& parentCode);

private:
  void requireWrite(const Actor& actor, const Affiliation& affiliation) const;
  DomainContext& context_;
};

}  // namespace monban::host::domain
