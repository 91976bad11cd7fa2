#include "monban/host/domain/AccessUserRules.h"

#include <algorithm>
#include <set>

#include "monban/host/domain/FieldRules.h"

namespace monban::host::domain {

namespace {

void check(std::vector<FieldProblem>& problems, const char* field, const std::string& value, std::string reason) {
  if (!reason.empty()) problems.push_back({field, value, std::move(reason)});
}

bool gateInScope(const Catalogue& catalogue, const Actor& actor, int64_t gateId) {
  const auto* g = catalogue.gate(gateId);
  return g != nullptr && actor.inManagementGroupScope(g->management_group_id);
}

bool groupInScope(const Catalogue& catalogue, const Actor& actor, int64_t groupId) {
  const auto* g = catalogue.gateGroup(groupId);
  return g != nullptr && Catalogue::inScope(actor, *g);
}

}  // namespace

std::vector<FieldProblem> resolveAccessUser(AccessUser& user, const Catalogue& catalogue, const Actor& actor,
                                            const DomainLimits& limits) {
  std::vector<FieldProblem> problems;
  check(problems, "user_id", user.user_id, checkUserId(user.user_id));
  check(problems, "name", user.name, checkText(user.name, 64, true));
  check(problems, "reading", user.reading, checkText(user.reading, 64, false));
  check(problems, "valid_from", user.valid_from, checkDate(user.valid_from, false));
  check(problems, "valid_to", user.valid_to, checkDate(user.valid_to, false));
  if (checkDate(user.valid_from, false).empty() && checkDate(user.valid_to, false).empty() &&
      !user.valid_from.empty() && !user.valid_to.empty() && user.valid_from > user.valid_to)
    problems.push_back({"valid_to", user.valid_to, "is before valid_from " + user.valid_from});
  check(problems, "pin", user.pin.empty() ? "" : "****", checkPin(user.pin));
  static const char* kFree[] = {"free1", "free2", "free3"};
  for (std::size_t i = 0; i < user.free.size(); ++i)
    check(problems, kFree[i], user.free[i], checkText(user.free[i], 128, false));

  user.affiliation_id = 0;
  if (user.affiliation_code.empty()) {
    if (!actor.scope().all_affiliations)
      problems.push_back(
          {"affiliation", "", "is empty; operator '" + actor.name() + "' may only register users in its affiliations"});
  } else if (const auto* a = catalogue.affiliation(user.affiliation_code); a == nullptr) {
    problems.push_back({"affiliation", user.affiliation_code, "is not a known affiliation code"});
  } else if (!actor.inAffiliationScope(a->path)) {
    problems.push_back(
        {"affiliation", user.affiliation_code, "is outside the affiliations of operator '" + actor.name() + "'"});
  } else {
    user.affiliation_id = a->id;
  }

  if (user.cards.size() > limits.cards_per_user)
    problems.push_back({"cards", std::to_string(user.cards.size()) + " cards",
                        "exceeds " + std::to_string(limits.cards_per_user) + " cards per user"});
  std::set<std::string> seenCards;
  for (const auto& card : user.cards) {
    check(problems, "cards", card, checkCardData(card));
    if (!seenCards.insert(card).second) problems.push_back({"cards", card, "is listed twice"});
  }

  std::set<int64_t> seenGates;
  for (auto& p : user.gates) {
    const auto* g = catalogue.gate(p.target_code);
    if (g == nullptr) {
      problems.push_back({"gates", p.target_code, "is not a known gate code"});
      continue;
    }
    p.target_id = g->id;
    if (!actor.inManagementGroupScope(g->management_group_id))
      problems.push_back(
          {"gates", p.target_code, "is outside the management groups of operator '" + actor.name() + "'"});
    check(problems, "gates", p.target_code + ":" + std::to_string(p.level), checkPassableLevel(p.level));
    if (!seenGates.insert(g->id).second) problems.push_back({"gates", p.target_code, "is listed twice"});
  }
  std::set<int64_t> seenGroups;
  for (auto& p : user.gate_groups) {
    const auto* g = catalogue.gateGroup(p.target_code);
    if (g == nullptr) {
      problems.push_back({"gate_groups", p.target_code, "is not a known gate group code"});
      continue;
    }
    p.target_id = g->id;
    if (!Catalogue::inScope(actor, *g))
      problems.push_back(
          {"gate_groups", p.target_code, "has gates outside the management groups of operator '" + actor.name() + "'"});
    check(problems, "gate_groups", p.target_code + ":" + std::to_string(p.level), checkPassableLevel(p.level));
    if (!seenGroups.insert(g->id).second) problems.push_back({"gate_groups", p.target_code, "is listed twice"});
  }
  return problems;
}

void keepOutOfScopePermissions(AccessUser& edited, const AccessUser& existing, const Catalogue& catalogue,
                               const Actor& actor) {
  for (const auto& p : existing.gates)
    if (!gateInScope(catalogue, actor, p.target_id)) edited.gates.push_back(p);
  for (const auto& p : existing.gate_groups)
    if (!groupInScope(catalogue, actor, p.target_id)) edited.gate_groups.push_back(p);
}

void hideOutOfScopePermissions(AccessUser& user, const Catalogue& catalogue, const Actor& actor) {
  if (actor.scope().all_management_groups) return;
  std::erase_if(user.gates, [&](const Permission& p) { return !gateInScope(catalogue, actor, p.target_id); });
  std::erase_if(user.gate_groups, [&](const Permission& p) { return !groupInScope(catalogue, actor, p.target_id); });
}

}  // namespace monban::host::domain
