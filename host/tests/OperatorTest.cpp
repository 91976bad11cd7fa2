// Operators, authentication, saved searches, and the rights matrix: every right that guards a
// domain function refuses an operator without it and admits one with it.
#include <functional>

#include "DomainTestSupport.h"

namespace monban::host::domain::test {
namespace {

using OperatorTest = DomainTest;

TEST_P(OperatorTest, PasswordsAreHashedAndChecked) {
  Operator o;
  o.login_id = "alice";
  o.display_name = "Alice";
  o.all_affiliations = o.all_management_groups = true;
  expectDomainError("invalid", [&] { domain().operators().create(admin(), o, "short"); });
  const auto created = domain().operators().create(admin(), o, "correct horse battery");
  EXPECT_EQ(count("SELECT COUNT(*) FROM operators WHERE password_hash LIKE '$argon2id$v=19$m=19456,t=2,p=1$%'"), 1);
  EXPECT_TRUE(domain().operators().authenticate("alice", "correct horse battery").has_value());
  EXPECT_FALSE(domain().operators().authenticate("alice", "wrong password!!").has_value());
  EXPECT_FALSE(domain().operators().authenticate("nobody", "correct horse battery").has_value());
  Operator disabled = created;
  disabled.disabled = true;
  domain().operators().update(admin(), disabled);
  EXPECT_FALSE(domain().operators().authenticate("alice", "correct horse battery").has_value());
  expectDomainError("conflict", [&] { domain().operators().create(admin(), o, "correct horse battery"); });
}

TEST_P(OperatorTest, FixedRightsCannotBeChangedAndScopeResolves) {
  const auto a = affiliation("A");
  const auto b = affiliation("B", a.id);
  Operator o;
  o.login_id = "gen";
  o.display_name = "General";
  o.rights = "operators=edit";  // fixed "none" for general administrators
  expectDomainError("fixed_right", [&] { domain().operators().create(admin(), o, "long enough password"); });
  o.rights = "history=view";
  o.affiliations = {b.id};
  o.all_management_groups = true;
  domain().operators().create(admin(), o, "long enough password");
  const auto actor = domain().operators().actorFor("gen");
  ASSERT_TRUE(actor);
  EXPECT_EQ(actor->rights().level(Right::History), AccessLevel::View);
  EXPECT_EQ(actor->scope().affiliation_paths, std::vector<std::string>{b.path});
  EXPECT_TRUE(actor->inAffiliationScope(b.path + "99/"));
  EXPECT_FALSE(actor->inAffiliationScope(a.path));
}

TEST_P(OperatorTest, SavedSearchesAreOwnAndLimited) {
  Operator o;
  o.login_id = "s";
  o.display_name = "S";
  const auto created = domain().operators().create(admin(), o, "long enough password");
  const Actor me = *domain().operators().actorFor("s");
  for (int i = 0; i < 20; ++i) domain().operators().saveSearch(me, "search " + std::to_string(i), "{}");
  expectDomainError("limit", [&] { domain().operators().saveSearch(me, "one more", "{}"); });
  EXPECT_NO_THROW(domain().operators().saveSearch(me, "search 3", "{\"text\":\"x\"}"));  // replaces
  EXPECT_EQ(domain().operators().savedSearches(me).size(), 20u);
  const Actor other =
      Actor::forOperator(created.id + 1000, "other", AccessRights(OperatorType::GeneralAdministrator), {});
  EXPECT_TRUE(domain().operators().savedSearches(other).empty());
  expectDomainError("not_found",
                    [&] { domain().operators().removeSearch(other, domain().operators().savedSearches(me)[0].id); });
}

/// A guarded call for each right that has a domain function so far.
struct Guarded {
  Right right;
  AccessLevel level;
  std::function<void(Domain&, const Actor&)> call;
};

TEST_P(OperatorTest, EveryRightGuardsItsFunctions) {
  const auto mg = group("MG");
  affiliation("A");
  const std::vector<Guarded> guarded = {
      {Right::AccessUsers, AccessLevel::View, [](Domain& d, const Actor& a) { d.users().search(a, {}); }},
      {Right::AccessUsers, AccessLevel::Edit,
       [](Domain& d, const Actor& a) {
         AccessUser u;
         u.user_id = "x";
         u.name = "x";
         u.affiliation_code = "A";
         d.users().create(a, u);
       }},
      {Right::AccessUserImport, AccessLevel::Edit,
       [](Domain& d, const Actor& a) { d.userImport().run(a, "operation,user_id\n", {}); }},
      {Right::Gates, AccessLevel::Edit,
       [mg](Domain& d, const Actor& a) {
         Gate g;
         g.code = "GX";
         g.name = "x";
         g.management_group_id = mg.id;
         d.gates().createGate(a, g);
       }},
      {Right::ManagementGroups, AccessLevel::Edit,
       [](Domain& d, const Actor& a) {
         ManagementGroup g;
         g.code = "MGX";
         g.name = "x";
         d.gates().createManagementGroup(a, g);
       }},
      {Right::Affiliations, AccessLevel::Edit,
       [](Domain& d, const Actor& a) { d.affiliations().create(a, "AX", "x", std::nullopt); }},
      {Right::Operators, AccessLevel::View, [](Domain& d, const Actor& a) { d.operators().list(a); }},
      {Right::SystemLog, AccessLevel::View, [](Domain& d, const Actor& a) { d.log().systemLog(a, {}); }},
      {Right::UserSettingHistory, AccessLevel::View,
       [](Domain& d, const Actor& a) { d.log().userSettingHistory(a, {}); }},
  };
  Scope all;
  all.all_affiliations = all.all_management_groups = true;
  for (const auto& g : guarded) {
    SCOPED_TRACE(specOf(g.right).key);
    const bool fixed = specOf(g.right).fixed;
    // Without the right (a general administrator, or the level just below for non-fixed rights).
    AccessRights without(OperatorType::GeneralAdministrator);
    if (!fixed) without.set(g.right, g.level == AccessLevel::Edit ? AccessLevel::View : AccessLevel::None);
    if (without.allows(g.right, g.level)) continue;
    const Actor denied = Actor::forOperator(7, "denied", without, all);
    expectDomainError("forbidden", [&] { g.call(domain(), denied); });
    // With it: a system administrator holds every right at edit by default.
    const Actor allowed = Actor::forOperator(8, "allowed", AccessRights(OperatorType::SystemAdministrator), all);
    EXPECT_NO_THROW(g.call(domain(), allowed));
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, OperatorTest, ::testing::Values("sqlite", "postgresql"),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

}  // namespace
}  // namespace monban::host::domain::test
