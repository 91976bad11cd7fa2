#pragma once
// A fresh database with the domain schema, on the backend under test, plus helpers that build
// the fixtures most domain tests need.

#include <gtest/gtest.h>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "TestSupport.h"
#include "monban/host/Clock.h"
#include "monban/host/EventBus.h"
#include "monban/host/Migrator.h"
#include "monban/host/SqlStatement.h"
#include "monban/host/domain/Domain.h"
#include "monban/host/domain/DomainError.h"

namespace monban::host::domain::test {

class DomainTest : public ::testing::TestWithParam<std::string> {
protected:
  DomainTest();
  ~DomainTest() override;

  /// Small limits so that every limit is reachable in a test.
  static DomainLimits smallLimits();

  Domain& domain() { return *domain_; }
  const Actor& admin() const { return admin_; }
  int64_t count(const std::string& sql);

  /// An operator's actor with the given type, rights changes and scope.
  Actor operatorActor(OperatorType type, Scope scope, std::vector<std::pair<Right, AccessLevel>> changes = {},
                      const std::string& name = "op");

  ManagementGroup group(const std::string& code);
  Gate gate(const std::string& code, int64_t groupId);
  Affiliation affiliation(const std::string& code, std::optional<int64_t> parent = std::nullopt);
  AccessUser user(const std::string& userId, const std::string& affiliationCode, std::vector<std::string> cards = {},
                  std::vector<std::string> gateCodes = {});

  /// Events seen on the bus, by topic.
  std::vector<std::string> topics();

  ::monban::host::test::TestDatabase testDb_;
  ManualClock clock_{1'767'225'600'000};  // 2026-01-01T00:00:00Z
  std::unique_ptr<Database> db_;
  std::unique_ptr<EventBus> bus_;
  std::unique_ptr<Domain> domain_;
  Actor admin_ = Actor::system("cli:test");
  std::mutex seen_mutex_;
  std::vector<std::string> seen_;
};

/// Expects `body` to throw DomainError with `code`.
template <class F>
void expectDomainError(const std::string& code, F&& body) {
  try {
    body();
    ADD_FAILURE() << "expected DomainError " << code;
  } catch (const DomainError& e) {
    EXPECT_EQ(e.code(), code) << e.what();
  }
}

}  // namespace monban::host::domain::test
