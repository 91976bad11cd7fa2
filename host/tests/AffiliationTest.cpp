// The affiliation tree: depth and count limits, moves, deletes, scope, history.
#include "DomainTestSupport.h"

namespace monban::host::domain::test {
namespace {

using AffiliationTest = DomainTest;

TEST_P(AffiliationTest, TreeIsAtMostFiveLevelsDeep) {
  std::optional<int64_t> parent;
  for (int level = 1; level <= 5; ++level) parent = affiliation("L" + std::to_string(level), parent).id;
  EXPECT_EQ(domain().affiliations().get(admin(), *parent).depth, 5);
  expectDomainError("limit", [&] { affiliation("L6", parent); });
}

TEST_P(AffiliationTest, MovesKeepTheTreeValid) {
  const auto a = affiliation("A");
  const auto b = affiliation("B", a.id);
  const auto c = affiliation("C", b.id);
  const auto x = affiliation("X");
  const auto y = affiliation("Y", x.id);
  const auto z = affiliation("Z", y.id);
  const auto w = affiliation("W", z.id);
  // Under itself or a descendant: refused.
  expectDomainError("invalid", [&] { domain().affiliations().move(admin(), a.id, c.id); });
  // B-C under W (level 4) would reach level 6.
  expectDomainError("limit", [&] { domain().affiliations().move(admin(), b.id, w.id); });
  // Under Y: B at 3, C at 4, paths follow.
  const auto moved = domain().affiliations().move(admin(), b.id, y.id);
  EXPECT_EQ(moved.depth, 3);
  const auto cNow = domain().affiliations().get(admin(), c.id);
  EXPECT_EQ(cNow.depth, 4);
  EXPECT_EQ(cNow.path, y.path + std::to_string(b.id) + "/" + std::to_string(c.id) + "/");
  // To the top level.
  EXPECT_EQ(domain().affiliations().move(admin(), b.id, std::nullopt).depth, 1);
}

TEST_P(AffiliationTest, DeleteRules) {
  const auto a = affiliation("A");
  const auto b = affiliation("B", a.id);
  affiliation("C", b.id);
  expectDomainError("conflict", [&] { domain().affiliations().remove(admin(), a.id, false); });
  domain().users().create(admin(), user("u1", "C"));
  expectDomainError("conflict", [&] { domain().affiliations().remove(admin(), a.id, true); });
  domain().users().remove(admin(), domain().users().findByUserId(admin(), "u1")->id);
  domain().affiliations().remove(admin(), a.id, true);
  EXPECT_EQ(count("SELECT COUNT(*) FROM affiliations"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM user_setting_history WHERE target_kind = 'affiliation' AND action = 'delete'"),
            3);
}

TEST_P(AffiliationTest, CountLimitAndUniqueCodes) {
  for (std::size_t i = 0; i < smallLimits().affiliations; ++i) affiliation("A" + std::to_string(i));
  expectDomainError("limit", [&] { affiliation("ONE_MORE"); });
  domain().affiliations().remove(admin(), domain().affiliations().findByCode(admin(), "A0")->id, false);
  expectDomainError("conflict", [&] { affiliation("A1"); });
  expectDomainError("invalid", [&] { affiliation("has space"); });
}

TEST_P(AffiliationTest, ScopeCoversTheSubtreeOnly) {
  const auto a = affiliation("A");
  const auto b = affiliation("B", a.id);
  const auto other = affiliation("OTHER");
  Scope scope;
  scope.all_management_groups = true;
  scope.affiliation_paths = {b.path};
  const Actor op = operatorActor(OperatorType::SystemAdministrator, scope);
  // B's subtree and its ancestor A are visible; OTHER is not.
  std::vector<std::string> codes;
  for (const auto& x : domain().affiliations().tree(op)) codes.push_back(x.code);
  EXPECT_EQ(codes, (std::vector<std::string>{"A", "B"}));
  EXPECT_NO_THROW(domain().affiliations().create(op, "B1", "Sub of B", b.id));
  expectDomainError("forbidden", [&] { domain().affiliations().create(op, "A1", "Sub of A", a.id); });
  expectDomainError("forbidden", [&] { domain().affiliations().rename(op, other.id, "OTHER", "Renamed"); });
  expectDomainError("forbidden", [&] { domain().affiliations().create(op, "TOP", "Top", std::nullopt); });
}

INSTANTIATE_TEST_SUITE_P(Backends, AffiliationTest, ::testing::Values("sqlite", "postgresql"),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

}  // namespace
}  // namespace monban::host::domain::test
