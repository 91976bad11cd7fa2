#include "DomainTestSupport.h"

namespace monban::host::domain::test {

DomainTest::DomainTest() : testDb_(GetParam()) {
  db_ = std::make_unique<Database>(testDb_.options());
  Migrator migrator(*db_, clock_);
  migrator.apply("host", hostMigrations());
  Domain::migrate(migrator, db_->dialect());
  bus_ = std::make_unique<EventBus>(clock_, 1000);
  bus_->subscribe("test", "*", [this](const BusEvent& e) {
    std::lock_guard<std::mutex> lock(seen_mutex_);
    seen_.push_back(e.topic);
  });
  domain_ = std::make_unique<Domain>(*db_, clock_, bus_.get(), smallLimits());
}

DomainTest::~DomainTest() {
  domain_.reset();
  bus_.reset();
  db_.reset();
}

DomainLimits DomainTest::smallLimits() {
  DomainLimits limits;
  limits.gates = 6;
  limits.gate_groups = 3;
  limits.gates_per_group = 3;
  limits.access_users = 8;
  limits.affiliations = 12;
  limits.management_groups = 4;
  limits.operators = 5;
  limits.saved_searches_per_operator = 20;
  limits.cards_per_user = 2;
  return limits;
}

int64_t DomainTest::count(const std::string& sql) {
  Database::Lease lease = db_->acquire();
  int64_t n = -1;
  querySql(lease.session(), sql, {}, [&](const SqlRow& row) {
    n = sqlInteger(row.values[0]);
    return false;
  });
  return n;
}

Actor DomainTest::operatorActor(OperatorType type, Scope scope, std::vector<std::pair<Right, AccessLevel>> changes,
                                const std::string& name) {
  AccessRights rights(type);
  for (auto [right, level] : changes) rights.set(right, level);
  return Actor::forOperator(42, name, rights, std::move(scope));
}

ManagementGroup DomainTest::group(const std::string& code) {
  ManagementGroup g;
  g.code = code;
  g.name = "Group " + code;
  return domain().gates().createManagementGroup(admin_, g);
}

Gate DomainTest::gate(const std::string& code, int64_t groupId) {
  Gate g;
  g.code = code;
  g.name = "Gate " + code;
  g.management_group_id = groupId;
  g.controller_address = "192.0.2.10";
  return domain().gates().createGate(admin_, g);
}

Affiliation DomainTest::affiliation(const std::string& code, std::optional<int64_t> parent) {
  return domain().affiliations().create(admin_, code, "Unit " + code, parent);
}

AccessUser DomainTest::user(const std::string& userId, const std::string& affiliationCode,
                            std::vector<std::string> cards, std::vector<std::string> gateCodes) {
  AccessUser u;
  u.user_id = userId;
  u.name = "Name " + userId;
  u.affiliation_code = affiliationCode;
  u.cards = std::move(cards);
  for (auto& g : gateCodes) u.gates.push_back({0, g, 1});
  return u;
}

std::vector<std::string> DomainTest::topics() {
  bus_->drain();
  std::lock_guard<std::mutex> lock(seen_mutex_);
  return seen_;
}

}  // namespace monban::host::domain::test
