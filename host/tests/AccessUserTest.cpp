// Access users: field rules, cards, permissions, scope, paging, bulk delete, history.
#include "DomainTestSupport.h"

namespace monban::host::domain::test {
namespace {

class AccessUserTest : public DomainTest {
protected:
  void SetUp() override {
    mg1_ = group("MG1").id;
    mg2_ = group("MG2").id;
    gate("G1", mg1_);
    gate("G2", mg2_);
    dev_ = affiliation("DEV");
    qa_ = affiliation("QA", dev_.id);
    sales_ = affiliation("SALES");
  }
  int64_t mg1_ = 0, mg2_ = 0;
  Affiliation dev_, qa_, sales_;
};

TEST_P(AccessUserTest, CreateReadUpdateDelete) {
  AccessUser u = user("u001", "QA", {"CARD1"}, {"G1", "G2"});
  u.valid_from = "2026-01-01";
  u.valid_to = "2026-12-31";
  u.pin = "1234";
  const auto created = domain().users().create(admin(), u);
  auto read = domain().users().get(admin(), created.id);
  EXPECT_EQ(read.affiliation_code, "QA");
  EXPECT_EQ(read.cards, std::vector<std::string>{"CARD1"});
  ASSERT_EQ(read.gates.size(), 2u);
  read.name = "Renamed";
  read.gates.pop_back();
  domain().users().update(admin(), read);
  EXPECT_EQ(domain().users().get(admin(), created.id).gates.size(), 1u);
  domain().users().remove(admin(), created.id);
  EXPECT_EQ(count("SELECT COUNT(*) FROM user_cards"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM user_gate_permissions"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM user_setting_history WHERE target_kind = 'access_user'"), 3);
  EXPECT_EQ(count("SELECT COUNT(*) FROM user_setting_history WHERE action = 'change' AND before_json LIKE '%u001%'"
                  " AND after_json LIKE '%Renamed%'"),
            1);
}

TEST_P(AccessUserTest, ListTotalsFollowChangesMadeByAnotherProcess) {
  domain().users().create(admin(), user("t001", "QA"));
  AccessUserQuery all;
  EXPECT_EQ(domain().users().search(admin(), all).total, 1);
  EXPECT_EQ(domain().users().search(admin(), all).total, 1);  // now from the count cache
  // Another Domain on the same database stands for the CLI importing while the server runs:
  // no bus event reaches this one, the revision counter does.
  Domain other(*db_, clock_, nullptr);
  other.users().create(admin(), user("t002", "QA"));
  EXPECT_EQ(domain().users().search(admin(), all).total, 2);
  other.users().remove(admin(), other.users().findByUserId(admin(), "t001")->id);
  EXPECT_EQ(domain().users().search(admin(), all).total, 1);
}

TEST_P(AccessUserTest, ListPagesFollowChangesMadeThroughAnotherConnection) {
  domain().users().create(admin(), user("t001", "QA", {"C1"}));
  AccessUserQuery all;
  ASSERT_EQ(domain().users().search(admin(), all).items.at(0).cards, std::vector<std::string>{"C1"});
  // A second pool on the same database stands for the CLI: its sessions are not this pool's,
  // so the statements this pool keeps prepared must still read what the other committed.
  Database otherDb(testDb_.options());
  Domain other(otherDb, clock_, nullptr);
  AccessUser changed = other.users().findByUserId(admin(), "t001").value();
  changed.name = "Changed";
  changed.cards = {"C2", "C0"};
  other.users().update(admin(), changed);
  other.users().create(admin(), user("t002", "QA"));
  const auto page = domain().users().search(admin(), all);
  ASSERT_EQ(page.items.size(), 2u);
  EXPECT_EQ(page.total, 2);
  EXPECT_EQ(page.items[0].name, "Changed");
  EXPECT_EQ(page.items[0].cards, (std::vector<std::string>{"C0", "C2"}));
  EXPECT_EQ(page.items[1].user_id, "t002");
}

TEST_P(AccessUserTest, ListItemsAreTheUsersWithCardsAndWithoutPermissions) {
  AccessUser full = user("u1", "QA", {"CB", "CA"}, {"G1"});
  full.valid_from = "2026-01-01";
  full.valid_to = "2026-12-31";
  full.pin = "1234";
  full.free = {"f1", "f2", "f3"};
  domain().users().create(admin(), full);
  domain().users().create(admin(), user("u2", ""));
  domain().users().create(admin(), user("u3", "SALES", {"CC"}));
  domain().users().create(admin(), user("u4", "DEV", {"CD", "CE"}));
  for (int limit : {1, 2, 3, 10}) {
    AccessUserQuery q;
    q.page.limit = limit;
    std::vector<AccessUser> listed;
    while (true) {
      auto page = domain().users().search(admin(), q);
      EXPECT_LE(page.items.size(), static_cast<std::size_t>(limit));
      for (auto& u : page.items) listed.push_back(u);
      if (page.next_cursor.empty()) break;
      q.page.cursor = page.next_cursor;
    }
    ASSERT_EQ(listed.size(), 4u) << "limit " << limit;
    for (const AccessUser& u : listed) {
      AccessUser expected = domain().users().get(admin(), u.id);
      expected.gates.clear();
      expected.gate_groups.clear();
      EXPECT_EQ(u.user_id, expected.user_id);
      EXPECT_EQ(u.name, expected.name);
      EXPECT_EQ(u.reading, expected.reading);
      EXPECT_EQ(u.affiliation_id, expected.affiliation_id);
      EXPECT_EQ(u.affiliation_code, expected.affiliation_code);
      EXPECT_EQ(u.valid_from, expected.valid_from);
      EXPECT_EQ(u.valid_to, expected.valid_to);
      EXPECT_EQ(u.pin, expected.pin);
      EXPECT_EQ(u.free, expected.free);
      EXPECT_EQ(u.cards, expected.cards) << u.user_id;
      EXPECT_TRUE(u.gates.empty());
      EXPECT_EQ(u.updated_at_ms, expected.updated_at_ms);
    }
    EXPECT_EQ(listed[0].cards, (std::vector<std::string>{"CA", "CB"}));
    EXPECT_TRUE(listed[1].cards.empty());
    EXPECT_EQ(listed[1].affiliation_id, 0);
  }
}

TEST_P(AccessUserTest, FieldRulesAreEnforced) {
  auto bad = [&](auto change) {
    AccessUser u = user("ok1", "QA");
    change(u);
    expectDomainError("invalid", [&] { domain().users().create(admin(), u); });
  };
  bad([](AccessUser& u) { u.user_id = "with/slash"; });
  bad([](AccessUser& u) { u.user_id = std::string(33, 'x'); });
  bad([](AccessUser& u) { u.user_id = "'quote"; });
  bad([](AccessUser& u) { u.user_id = "   "; });
  bad([](AccessUser& u) { u.name = std::string(65, 'n'); });
  bad([](AccessUser& u) { u.name = "tab\there"; });
  bad([](AccessUser& u) { u.pin = "12"; });
  bad([](AccessUser& u) { u.pin = "12ab"; });
  bad([](AccessUser& u) { u.valid_from = "2026-02-30"; });
  bad([](AccessUser& u) {
    u.valid_from = "2026-05-01";
    u.valid_to = "2026-04-30";
  });
  bad([](AccessUser& u) { u.cards = {"TOO-LONG-CARD-DATA-X"}; });
  bad([](AccessUser& u) { u.cards = {"A", "B", "C"}; });  // over cards_per_user
  bad([](AccessUser& u) { u.affiliation_code = "NOPE"; });
  bad([](AccessUser& u) { u.gates = {{0, "NOPE", 1}}; });
  bad([](AccessUser& u) { u.gates = {{0, "G1", 9}}; });
  EXPECT_EQ(count("SELECT COUNT(*) FROM access_users"), 0);
  // Leap day exists in 2028.
  AccessUser leap = user("leap", "QA");
  leap.valid_to = "2028-02-29";
  EXPECT_NO_THROW(domain().users().create(admin(), leap));
}

TEST_P(AccessUserTest, IdsAndCardsAreUniqueAndTheUserLimitHolds) {
  domain().users().create(admin(), user("u1", "QA", {"CARD1"}));
  expectDomainError("conflict", [&] { domain().users().create(admin(), user("u1", "QA")); });
  expectDomainError("conflict", [&] { domain().users().create(admin(), user("u2", "QA", {"CARD1"})); });
  for (std::size_t i = 2; i <= smallLimits().access_users; ++i)
    domain().users().create(admin(), user("u" + std::to_string(i), "QA"));
  expectDomainError("limit", [&] { domain().users().create(admin(), user("u_over", "QA")); });
}

TEST_P(AccessUserTest, RenderedPagesAreReusedUntilAnythingTheyShowChanges) {
  domain().users().create(admin(), user("r001", "QA", {"C1"}));
  int renders = 0;
  auto render = [&](const Page<AccessUser>& page) {
    ++renders;
    std::string out;
    for (const auto& u : page.items) out += u.user_id + "/" + u.name + "/" + u.affiliation_code + ";";
    return out;
  };
  AccessUserQuery all;
  EXPECT_EQ(domain().users().searchRendered(admin(), all, render), "r001/Name r001/QA;");
  EXPECT_EQ(domain().users().searchRendered(admin(), all, render), "r001/Name r001/QA;");
  EXPECT_EQ(renders, 1);
  // Another order, another page size or another operator scope is another answer.
  AccessUserQuery byName;
  byName.sort = AccessUserQuery::Sort::Name;
  domain().users().searchRendered(admin(), byName, render);
  EXPECT_EQ(renders, 2);
  Scope sales;
  sales.affiliation_paths = {sales_.path};
  EXPECT_EQ(domain().users().searchRendered(operatorActor(OperatorType::GeneralAdministrator, sales), all, render), "");
  EXPECT_EQ(renders, 3);
  // A user's change, an affiliation's new code and a change through another Domain (the CLI
  // importing while the server runs) each show at once.
  auto u = *domain().users().findByUserId(admin(), "r001");
  u.name = "Renamed";
  domain().users().update(admin(), u);
  EXPECT_EQ(domain().users().searchRendered(admin(), all, render), "r001/Renamed/QA;");
  domain().affiliations().rename(admin(), qa_.id, "QA2", "Quality");
  EXPECT_EQ(domain().users().searchRendered(admin(), all, render), "r001/Renamed/QA2;");
  Domain other(*db_, clock_, nullptr);
  other.users().create(admin(), user("r002", "SALES"));
  EXPECT_EQ(domain().users().searchRendered(admin(), all, render), "r001/Renamed/QA2;r002/Name r002/SALES;");
  EXPECT_EQ(renders, 6);
  // Rights are checked before any answer is reused.
  expectDomainError("forbidden", [&] {
    domain().users().searchRendered(
        operatorActor(OperatorType::GeneralAdministrator, Scope{}, {{Right::AccessUsers, AccessLevel::None}}), all,
        render);
  });
}

TEST_P(AccessUserTest, ScopeHidesAndProtectsUsersAndPermissions) {
  const auto inScope = domain().users().create(admin(), user("mine", "QA", {}, {"G1", "G2"}));
  const auto outScope = domain().users().create(admin(), user("theirs", "SALES"));
  Scope scope;
  scope.management_groups = {mg1_};
  scope.affiliation_paths = {dev_.path};  // DEV and its sub-unit QA
  const Actor op = operatorActor(OperatorType::GeneralAdministrator, scope);

  const auto page = domain().users().search(op, {});
  ASSERT_EQ(page.items.size(), 1u);
  EXPECT_EQ(page.items[0].user_id, "mine");
  expectDomainError("forbidden", [&] { domain().users().get(op, outScope.id); });
  EXPECT_FALSE(domain().users().findByUserId(op, "theirs").has_value());
  expectDomainError("forbidden", [&] { domain().users().remove(op, outScope.id); });
  // Registering into an affiliation outside scope, or granting a gate outside scope, is refused.
  expectDomainError("invalid", [&] { domain().users().create(op, user("new", "SALES")); });
  expectDomainError("invalid", [&] { domain().users().create(op, user("new", "QA", {}, {"G2"})); });
  // The G2 permission is invisible to the operator and survives its edit.
  auto seen = domain().users().get(op, inScope.id);
  ASSERT_EQ(seen.gates.size(), 1u);
  EXPECT_EQ(seen.gates[0].target_code, "G1");
  seen.gates.clear();
  domain().users().update(op, seen);
  const auto after = domain().users().get(admin(), inScope.id);
  ASSERT_EQ(after.gates.size(), 1u);
  EXPECT_EQ(after.gates[0].target_code, "G2");
}

TEST_P(AccessUserTest, SearchPagesThroughEveryMatchOnceInOrder) {
  // Equal names force the keyset to break ties by row id.
  for (const char* id : {"a5", "a1", "a4", "a2", "a3", "a6", "a7"}) {
    AccessUser u = user(id, std::string(id) < "a4" ? "QA" : "DEV");
    u.name = std::string(id) < "a4" ? "Same" : "Other";
    domain().users().create(admin(), u);
  }
  for (bool descending : {false, true}) {
    AccessUserQuery q;
    q.sort = AccessUserQuery::Sort::Name;
    q.descending = descending;
    q.page.limit = 2;
    std::vector<std::string> ids;
    while (true) {
      auto page = domain().users().search(admin(), q);
      EXPECT_EQ(page.total, 7);
      for (auto& u : page.items) ids.push_back(u.user_id);
      if (page.next_cursor.empty()) break;
      q.page.cursor = page.next_cursor;
    }
    ASSERT_EQ(ids.size(), 7u);
    std::vector<std::string> sorted = ids;
    std::sort(sorted.begin(), sorted.end());
    EXPECT_EQ(std::unique(sorted.begin(), sorted.end()), sorted.end()) << "a user appeared twice";
    const std::string firstName = descending ? "Same" : "Other";
    EXPECT_EQ(domain().users().findByUserId(admin(), ids.front())->name, firstName);
  }
  AccessUserQuery byAffiliation;
  byAffiliation.affiliation_id = dev_.id;  // DEV includes QA
  EXPECT_EQ(domain().users().search(admin(), byAffiliation).total, 7);
  byAffiliation.affiliation_id = qa_.id;
  EXPECT_EQ(domain().users().search(admin(), byAffiliation).total, 3);
  AccessUserQuery byText;
  byText.text = "a1";
  EXPECT_EQ(domain().users().search(admin(), byText).total, 1);
  AccessUserQuery bad;
  bad.page.limit = 0;
  expectDomainError("invalid", [&] { domain().users().search(admin(), bad); });
}

TEST_P(AccessUserTest, FiltersByCardAndGateAndBulkDeletesTheFilteredSet) {
  domain().users().create(admin(), user("u1", "QA", {"C1"}, {"G1"}));
  domain().users().create(admin(), user("u2", "QA", {"C2"}, {"G1"}));
  domain().users().create(admin(), user("u3", "SALES", {"C3"}, {"G2"}));
  AccessUserQuery byCard;
  byCard.card = "C2";
  ASSERT_EQ(domain().users().search(admin(), byCard).items.size(), 1u);
  AccessUserQuery byGate;
  byGate.gate_id = domain().gates().listGates(admin(), {}).items[0].id;  // G1
  EXPECT_EQ(domain().users().search(admin(), byGate).total, 2);
  EXPECT_EQ(domain().users().removeMatching(admin(), byGate), 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM access_users"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM user_setting_history WHERE action = 'delete'"), 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM system_log WHERE action = 'bulk-delete'"), 1);
}

TEST_P(AccessUserTest, ChangesArePublishedAfterCommit) {
  domain().users().create(admin(), user("u1", "QA"));
  expectDomainError("conflict", [&] { domain().users().create(admin(), user("u1", "QA")); });
  const auto seen = topics();
  EXPECT_EQ(std::count(seen.begin(), seen.end(), "monban.users.changed"), 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, AccessUserTest, ::testing::Values("sqlite", "postgresql"),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

}  // namespace
}  // namespace monban::host::domain::test
