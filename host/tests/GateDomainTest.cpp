// Management groups, gates and gate groups: rules, limits, scope and change tracking.
#include "DomainTestSupport.h"

namespace monban::host::domain::test {
namespace {

using GateDomainTest = DomainTest;

TEST_P(GateDomainTest, ManagementGroupsGatesAndGroupsRoundTrip) {
  const auto g1 = group("MG1");
  const auto gate1 = gate("G1", g1.id);
  EXPECT_EQ(domain().gates().gate(admin(), gate1.id).controller_address, "192.0.2.10");
  // Millisecond times pass 2^31: they must come back whole on every backend.
  EXPECT_EQ(domain().gates().gate(admin(), gate1.id).updated_at_ms, clock_.nowMs());
  GateGroup gg;
  gg.code = "GG1";
  gg.name = "Lobby doors";
  gg.gate_ids = {gate1.id};
  const auto created = domain().gates().createGateGroup(admin(), gg);
  EXPECT_EQ(domain().gates().gateGroup(admin(), created.id).gate_ids, std::vector<int64_t>{gate1.id});
  Gate changed = gate1;
  changed.verification_mode = "card_and_pin";
  domain().gates().updateGate(admin(), changed);
  EXPECT_EQ(domain().gates().gate(admin(), gate1.id).verification_mode, "card_and_pin");
  changed.verification_mode = "telepathy";
  expectDomainError("invalid", [&] { domain().gates().updateGate(admin(), changed); });
  expectDomainError("conflict", [&] { gate("G1", g1.id); });
  // A group with gates cannot go; once empty it can.
  expectDomainError("conflict", [&] { domain().gates().deleteManagementGroup(admin(), g1.id); });
  domain().gates().deleteGate(admin(), gate1.id);
  EXPECT_TRUE(domain().gates().gateGroup(admin(), created.id).gate_ids.empty());  // membership went with the gate
  domain().gates().deleteManagementGroup(admin(), g1.id);
  EXPECT_EQ(count("SELECT COUNT(*) FROM management_groups"), 0);
}

TEST_P(GateDomainTest, DoorOpenTimeDefaultsToFiveSecondsAndStaysInRange) {
  const auto g1 = group("MG1");
  Gate created = gate("G1", g1.id);
  EXPECT_EQ(domain().gates().gate(admin(), created.id).door_open_seconds, 5);
  created.door_open_seconds = 12;
  domain().gates().updateGate(admin(), created);
  EXPECT_EQ(domain().gates().gate(admin(), created.id).door_open_seconds, 12);
  EXPECT_EQ(count("SELECT COUNT(*) FROM gates WHERE door_open_seconds = 12"), 1);
  for (int64_t wrong : {int64_t{0}, int64_t{601}, int64_t{-5}}) {
    created.door_open_seconds = wrong;
    expectDomainError("invalid", [&] { domain().gates().updateGate(admin(), created); });
  }
  EXPECT_EQ(domain().gates().gate(admin(), created.id).door_open_seconds, 12);  // refused edits changed nothing
}

TEST_P(GateDomainTest, LimitsAreEnforced) {
  const auto limits = smallLimits();
  std::vector<int64_t> groups;
  for (std::size_t i = 0; i < limits.management_groups; ++i) groups.push_back(group("MG" + std::to_string(i)).id);
  expectDomainError("limit", [&] { group("ONE_TOO_MANY"); });
  std::vector<int64_t> gates;
  for (std::size_t i = 0; i < limits.gates; ++i) gates.push_back(gate("G" + std::to_string(i), groups[0]).id);
  expectDomainError("limit", [&] { gate("G_TOO_MANY", groups[0]); });
  GateGroup big;
  big.code = "BIG";
  big.name = "Too many gates";
  big.gate_ids = {gates[0], gates[1], gates[2], gates[3]};  // one more than gates_per_group
  expectDomainError("limit", [&] { domain().gates().createGateGroup(admin(), big); });
  big.gate_ids.pop_back();
  for (std::size_t i = 0; i < limits.gate_groups; ++i) {
    big.code = "GG" + std::to_string(i);
    domain().gates().createGateGroup(admin(), big);
  }
  big.code = "GG_TOO_MANY";
  expectDomainError("limit", [&] { domain().gates().createGateGroup(admin(), big); });
}

TEST_P(GateDomainTest, ManagementGroupScopeLimitsGatesAndGroups) {
  const auto mine = group("MINE");
  const auto theirs = group("THEIRS");
  const auto myGate = gate("MY_GATE", mine.id);
  const auto theirGate = gate("THEIR_GATE", theirs.id);
  Scope scope;
  scope.management_groups = {mine.id};
  scope.all_affiliations = true;
  const Actor op = operatorActor(OperatorType::GeneralAdministrator, scope);

  const auto page = domain().gates().listGates(op, {});
  ASSERT_EQ(page.items.size(), 1u);
  EXPECT_EQ(page.items[0].code, "MY_GATE");
  EXPECT_EQ(page.total, 1);
  expectDomainError("forbidden", [&] { domain().gates().gate(op, theirGate.id); });
  Gate moved = myGate;
  moved.management_group_id = theirs.id;
  expectDomainError("forbidden", [&] { domain().gates().updateGate(op, moved); });
  Gate outside;
  outside.code = "NEW";
  outside.name = "New";
  outside.management_group_id = theirs.id;
  expectDomainError("forbidden", [&] { domain().gates().createGate(op, outside); });
  GateGroup mixed;
  mixed.code = "MIXED";
  mixed.name = "Mixed";
  mixed.gate_ids = {myGate.id, theirGate.id};
  expectDomainError("forbidden", [&] { domain().gates().createGateGroup(op, mixed); });
  const auto created = domain().gates().createGateGroup(admin(), mixed);
  // Visible (one gate is in scope) but not changeable.
  EXPECT_EQ(domain().gates().listGateGroups(op).size(), 1u);
  expectDomainError("forbidden", [&] { domain().gates().deleteGateGroup(op, created.id); });
  EXPECT_EQ(domain().gates().listManagementGroups(op).size(), 1u);
}

TEST_P(GateDomainTest, ChangesAreTrackedLoggedAndPublished) {
  const auto g = group("MG");
  gate("G1", g.id);
  EXPECT_EQ(count("SELECT COUNT(*) FROM user_setting_history WHERE target_kind = 'gate' AND action = 'register'"
                  " AND actor = 'cli:test' AND after_json LIKE '%G1%'"),
            1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM system_log WHERE category = 'gates' AND action = 'create'"), 1);
  const auto seen = topics();
  EXPECT_NE(std::find(seen.begin(), seen.end(), "monban.gates.changed"), seen.end());
  EXPECT_NE(std::find(seen.begin(), seen.end(), "monban.management_groups.changed"), seen.end());
}

TEST_P(GateDomainTest, GateListPagesThroughEveryGateOnce) {
  const auto g = group("MG");
  for (int i = 0; i < 5; ++i) gate("G" + std::to_string(i), g.id);
  GateQuery q;
  q.page.limit = 2;
  std::vector<std::string> codes;
  while (true) {
    auto page = domain().gates().listGates(admin(), q);
    for (auto& item : page.items) codes.push_back(item.code);
    if (page.next_cursor.empty()) break;
    q.page.cursor = page.next_cursor;
  }
  EXPECT_EQ(codes, (std::vector<std::string>{"G0", "G1", "G2", "G3", "G4"}));
  q.page.cursor = "garbage";
  expectDomainError("invalid", [&] { domain().gates().listGates(admin(), q); });
}

INSTANTIATE_TEST_SUITE_P(Backends, GateDomainTest, ::testing::Values("sqlite", "postgresql"),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

}  // namespace
}  // namespace monban::host::domain::test
