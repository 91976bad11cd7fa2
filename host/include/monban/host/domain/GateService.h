#pragma once

#include <optional>
#include <string>
#include <vector>

#include "monban/host/domain/Actor.h"
#include "monban/host/domain/DomainContext.h"
#include "monban/host/domain/Gates.h"
#include "monban/host/domain/Page.h"

namespace monban::host::domain {

/// Filters of the gate list.
struct GateQuery {
  std::optional<int64_t> management_group_id;
  std::string text;  ///< part of the code or name
  PageRequest page;
};

/// Management groups, gates and gate groups (SPEC sections 3 and 4). Reads return only what
/// lies in the actor's management-group scope; writes need the right and the scope.
class GateService {
public:
  explicit GateService(DomainContext& context) : context_(context) {}

  // Management groups: the management-groups right (edit to change; view, or the gates or
  // access-users right, to read).
  ManagementGroup createManagementGroup(const Actor& actor, const ManagementGroup& input);
  ManagementGroup updateManagementGroup(const Actor& actor, const ManagementGroup& input);
  /// Refused while gates belong to the group.
  void deleteManagementGroup(const Actor& actor, int64_t id);
  std::vector<ManagementGroup> listManagementGroups(const Actor& actor);
  ManagementGroup managementGroup(const Actor& actor, int64_t id);

  // Gates: the gates right; the gate's management group must be in scope (both groups when
  // moving a gate between groups).
  Gate createGate(const Actor& actor, const Gate& input);
  Gate updateGate(const Actor& actor, const Gate& input);
  void deleteGate(const Actor& actor, int64_t id);
  Gate gate(const Actor& actor, int64_t id);
  Page<Gate> listGates(const Actor& actor, const GateQuery& query);

  // Gate groups: the gates right; a group is visible when one of its gates is in scope (or it
  // is empty) and changeable only when all of its gates, before and after, are in scope.
  GateGroup createGateGroup(const Actor& actor, const GateGroup& input);
  GateGroup updateGateGroup(const Actor& actor, const GateGroup& input);
  void deleteGateGroup(const Actor& actor, int64_t id);
  GateGroup gateGroup(const Actor& actor, int64_t id);
  std::vector<GateGroup> listGateGroups(const Actor& actor);

private:
  DomainContext& context_;
};

}  // namespace monban::host::domain
