#include <gtest/gtest.h>

#include "monban/host/DependencyResolver.h"

namespace monban::host {
namespace {

DependencyNode node(std::string id, std::vector<ServiceRef> requires_services,
                    std::vector<ServiceRef> provides_services) {
  return {std::move(id), std::move(requires_services), std::move(provides_services)};
}

TEST(DependencyResolver, OrdersProvidersBeforeConsumers) {
  auto r = resolveDependencies({node("web", {{"domain", 1, 0}, {"jobs", 1, 0}}, {}),
                                node("scheduler", {{"domain", 1, 0}}, {{"jobs", 1, 3}}),
                                node("core", {}, {{"domain", 1, 2}})});
  EXPECT_TRUE(r.failed.empty());
  EXPECT_EQ(r.order, (std::vector<std::string>{"core", "scheduler", "web"}));
  EXPECT_EQ(r.depends["web"], (std::vector<std::string>{"core", "scheduler"}));
}

TEST(DependencyResolver, MissingProviderIsNamed) {
  auto r = resolveDependencies({node("gate", {{"jobs", 1, 0}}, {})});
  EXPECT_EQ(r.failed.at("gate"), "requires service 'jobs' 1.0, which no plugin provides");
  EXPECT_TRUE(r.order.empty());
}

TEST(DependencyResolver, VersionRuleIsSameMajorAndMinorNotOlder) {
  auto r = resolveDependencies({node("p", {}, {{"svc", 2, 1}}), node("old-major", {{"svc", 1, 0}}, {}),
                                node("new-minor", {{"svc", 2, 2}}, {}), node("ok", {{"svc", 2, 0}}, {})});
  EXPECT_EQ(r.failed.at("old-major"), "requires service 'svc' 1.0, but 'p' provides 2.1");
  EXPECT_EQ(r.failed.at("new-minor"), "requires service 'svc' 2.2, but 'p' provides 2.1");
  EXPECT_EQ(r.order, (std::vector<std::string>{"p", "ok"}));
}

TEST(DependencyResolver, CycleIsRefusedNamingEveryMember) {
  auto r = resolveDependencies({node("a", {{"b", 1, 0}}, {{"a", 1, 0}}), node("b", {{"c", 1, 0}}, {{"b", 1, 0}}),
                                node("c", {{"a", 1, 0}}, {{"c", 1, 0}}), node("d", {}, {})});
  for (const char* id : {"a", "b", "c"}) EXPECT_EQ(r.failed.at(id), "dependency cycle: 'a' -> 'b' -> 'c' -> 'a'");
  EXPECT_EQ(r.order, (std::vector<std::string>{"d"}));
}

TEST(DependencyResolver, SelfDependencyIsACycle) {
  auto r = resolveDependencies({node("a", {{"a", 1, 0}}, {{"a", 1, 0}})});
  EXPECT_EQ(r.failed.at("a"), "dependency cycle: 'a' -> 'a'");
}

TEST(DependencyResolver, FailureSpreadsToDependentsTransitively) {
  auto r = resolveDependencies({node("base", {{"nowhere", 1, 0}}, {{"base", 1, 0}}),
                                node("mid", {{"base", 1, 0}}, {{"mid", 1, 0}}), node("top", {{"mid", 1, 0}}, {}),
                                node("free", {}, {})});
  EXPECT_EQ(r.failed.at("mid"), "depends on 'base', which failed");
  EXPECT_EQ(r.failed.at("top"), "depends on 'mid', which failed");
  EXPECT_EQ(r.order, (std::vector<std::string>{"free"}));
}

TEST(DependencyResolver, DependentsOfAnAlreadyRefusedPluginNameIt) {
  auto r = resolveDependencies({node("p", {}, {{"svc", 1, 0}}), node("c", {{"svc", 1, 0}}, {})},
                               {{"p", "built for SDK ABI 2.0"}});
  EXPECT_EQ(r.failed.at("p"), "built for SDK ABI 2.0");
  EXPECT_EQ(r.failed.at("c"), "depends on 'p', which failed");
  EXPECT_TRUE(r.order.empty());
}

TEST(DependencyResolver, HostServicesMeetRequirementsAndCannotBeProvidedAgain) {
  auto r = resolveDependencies({node("gate", {{"domain", 1, 1}}, {}), node("old", {{"domain", 1, 4}}, {}),
                                node("rogue", {}, {{"domain", 1, 9}})},
                               {}, {{"domain", 1, 3}});
  EXPECT_EQ(r.failed.at("old"), "requires service 'domain' 1.4, but 'host' provides 1.3");
  EXPECT_EQ(r.failed.at("rogue"), "service 'domain' is provided by the host itself");
  EXPECT_EQ(r.order, (std::vector<std::string>{"gate"}));
  EXPECT_TRUE(r.depends["gate"].empty());
}

TEST(DependencyResolver, TwoProvidersOfOneServiceAreBothRefused) {
  auto r = resolveDependencies({node("x", {}, {{"svc", 1, 0}}), node("y", {}, {{"svc", 1, 0}})});
  EXPECT_EQ(r.failed.at("x"), "service 'svc' is provided by more than one plugin: 'x', 'y'");
  EXPECT_EQ(r.failed.count("y"), 1u);
}

TEST(DependencyResolver, OrderDoesNotDependOnInputOrder) {
  auto a = resolveDependencies({node("z", {}, {}), node("m", {{"s", 1, 0}}, {}), node("a", {}, {{"s", 1, 0}})});
  auto b = resolveDependencies({node("a", {}, {{"s", 1, 0}}), node("m", {{"s", 1, 0}}, {}), node("z", {}, {})});
  EXPECT_EQ(a.order, b.order);
  EXPECT_EQ(a.order, (std::vector<std::string>{"a", "m", "z"}));
}

}  // namespace
}  // namespace monban::host
