// Plugin-manager tests over real fixture libraries (host/tests/fixtures), loaded with Boost.DLL.
#include <dlfcn.h>
#include <sys/stat.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <fstream>
#include <mutex>
#include <set>

#include <Poco/Logger.h>
#include <soci/soci.h>

#include "../tests/fixtures/fixture_service.h"
#include "TestSupport.h"
#include "monban/host/Clock.h"
#include "monban/host/DependencyResolver.h"
#include "monban/host/EventBus.h"
#include "monban/host/Migrator.h"
#include "monban/host/PluginContext.h"
#include "monban/host/PluginManager.h"
#include "monban/host/ServiceRegistry.h"

namespace monban::host {
namespace {

namespace fs = std::filesystem;

class PluginManagerTest : public ::testing::Test {
protected:
  PluginManagerTest()
      : clock_(1'700'000'000'000),
        database_(DatabaseOptions{"sqlite", (dir_.path() / "host.db").string(), 2, 5000, 5000}),
        migrator_(database_, clock_),
        events_(clock_, 1024),
        services_{clock_, events_, registry_, &database_, &migrator_, nullptr, {}} {}

  fs::path pluginDir() const { return dir_.path() / "plugins"; }
  fs::path configDir() const { return dir_.path() / "config"; }

  PluginManager& manager() {
    if (!manager_)
      manager_ = std::make_unique<PluginManager>(services_, pluginDir(), configDir(), Poco::Logger::get("test"));
    return *manager_;
  }

  void run(std::initializer_list<const char*> fixtures) {
    for (const char* f : fixtures) test::copyFixture(f, pluginDir());
    manager().prepare();
    manager().startAll();
  }

  PluginInfo info(const std::string& id) {
    for (const PluginInfo& p : manager().list())
      if (p.id == id) return p;
    ADD_FAILURE() << "no plugin " << id;
    return {};
  }

  std::string reasonOf(const std::string& id) {
    PluginInfo p = info(id);
    EXPECT_EQ(p.state, PluginState::Failed) << id;
    return p.reason;
  }

  /// Sends a ping and returns the ids of the plugins that answered.
  std::set<std::string> pingPlugins() {
    std::mutex m;
    std::set<std::string> answered;
    const uint64_t id = events_.subscribe("test", "fx.pong", [&](const BusEvent& e) {
      fixture_pong pong{};
      ASSERT_EQ(e.payload.size(), sizeof(pong));
      std::memcpy(&pong, e.payload.data(), sizeof(pong));
      std::lock_guard lock(m);
      answered.insert(pong.plugin_id);
    });
    int64_t sequence = 7;
    events_.publish("test", "fx.ping", 1, std::string(reinterpret_cast<const char*>(&sequence), sizeof(sequence)));
    events_.drain();  // the ping is delivered and the pongs are queued
    events_.drain();  // the pongs are delivered
    events_.unsubscribe(id);
    return answered;
  }

  test::TempDir dir_;
  ManualClock clock_;
  Database database_;
  Migrator migrator_;
  EventBus events_;
  ServiceRegistry registry_;
  HostServices services_;
  std::unique_ptr<PluginManager> manager_;
};

TEST_F(PluginManagerTest, StartsProvidersBeforeConsumersAndStopsInReverse) {
  run({"provider", "consumer"});
  EXPECT_EQ(info("fx-provider").state, PluginState::Running);
  EXPECT_EQ(info("fx-consumer").state, PluginState::Running);
  EXPECT_GT(info("fx-consumer").startup_ms, 0.0);

  // The consumer called the provider's service while starting.
  auto service = registry_.find({"fx.counter", 1, 0});
  ASSERT_TRUE(service.has_value());
  EXPECT_EQ(service->provider, "fx-provider");
  const auto* counter = static_cast<const fixture_counter*>(service->table);
  EXPECT_EQ(counter->next(counter->self), 2);  // the consumer took 1

  // The provider migrated its table and wrote through a pooled session, stamped by our clock.
  {
    Database::Lease lease = database_.acquire();
    long long at = 0;
    lease.session() << "SELECT at_ms FROM fx_starts WHERE plugin = 'fx-provider'", soci::into(at);
    EXPECT_EQ(at, 1'700'000'000'000);
  }
  EXPECT_EQ(migrator_.currentVersion("fx-provider"), 1);

  EXPECT_EQ(pingPlugins(), (std::set<std::string>{"fx-consumer", "fx-provider"}));

  manager().stopAll();
  EXPECT_EQ(info("fx-provider").state, PluginState::Stopped);
  EXPECT_EQ(info("fx-consumer").state, PluginState::Stopped);
  EXPECT_FALSE(registry_.find({"fx.counter", 1, 0}).has_value());
  EXPECT_TRUE(pingPlugins().empty());  // subscriptions ended with the plugins
}

TEST_F(PluginManagerTest, StartOrderFollowsDependenciesAndStopOrderReversesIt) {
  std::mutex m;
  std::vector<std::string> steps;
  events_.subscribe("test", "fx.lifecycle", [&](const BusEvent& e) {
    fixture_pong body{};
    std::memcpy(&body, e.payload.data(), sizeof(body));
    std::lock_guard lock(m);
    steps.push_back(std::string(body.sequence == 1 ? "start " : "stop ") + body.plugin_id);
  });
  // The consumer sorts before the provider by name; only the dependency puts the provider first.
  test::copyFixture("consumer", pluginDir());
  test::copyFixture("provider", pluginDir());
  test::copyFixture("plain", pluginDir());
  manager().prepare();
  manager().startAll();
  manager().stopAll();
  events_.drain();
  std::lock_guard lock(m);
  EXPECT_EQ(steps, (std::vector<std::string>{"start fx-plain", "start fx-provider", "start fx-consumer",
                                             "stop fx-consumer", "stop fx-provider", "stop fx-plain"}));
}

TEST_F(PluginManagerTest, RestartKeepsMigrationsApplied) {
  run({"provider"});
  manager().stopAll();
  manager_.reset();
  manager().prepare();
  manager().startAll();
  EXPECT_EQ(info("fx-provider").state, PluginState::Running);
  Database::Lease lease = database_.acquire();
  int starts = 0;
  lease.session() << "SELECT COUNT(*) FROM fx_starts", soci::into(starts);
  EXPECT_EQ(starts, 2);
  EXPECT_EQ(migrator_.applied().size(), 1u);  // the provider's migration ran once, not per start
}

TEST_F(PluginManagerTest, HostProvidedServicesServePlugins) {
  fixture_counter hostCounter{sizeof(fixture_counter), nullptr, [](void*) -> int64_t { return 41; }};
  registry_.add(kHostProvider, {"fx.counter", 1, 3}, &hostCounter);
  run({"consumer", "provider"});
  EXPECT_EQ(info("fx-consumer").state, PluginState::Running);
  EXPECT_EQ(reasonOf("fx-provider"), "service 'fx.counter' is provided by the host itself");
  manager().stopAll();
  EXPECT_TRUE(registry_.find({"fx.counter", 1, 0}).has_value());  // the host's own stays
}

TEST_F(PluginManagerTest, WrongAbiMajorIsRefusedFromTheManifest) {
  run({"wrong_abi", "plain"});
  EXPECT_EQ(reasonOf("fx-wrong-abi"),
            "built for SDK ABI 2.0, but this host runs ABI 1.3 (the major must match and the minor must not be newer)");
  EXPECT_EQ(info("fx-plain").state, PluginState::Running);
}

TEST_F(PluginManagerTest, NewerMinorInTheLibraryIsRefusedBeforeAnyCall) {
  run({"binary_newer_minor"});
  EXPECT_EQ(reasonOf("fx-newer-minor"), "library built for SDK ABI 1.99, but this host runs ABI 1.3");
}

TEST_F(PluginManagerTest, LibraryWithoutDescriptorIsRefused) {
  run({"no_descriptor"});
  EXPECT_EQ(reasonOf("fx-no-descriptor"), "no 'monban_plugin' descriptor in fx-no-descriptor.so: not a Monban plugin");
}

TEST_F(PluginManagerTest, LibraryWithoutManifestIsReportedAsNotAPlugin) {
  run({"not_a_plugin", "plain"});
  EXPECT_EQ(reasonOf("not-a-plugin.so"),
            "not a plugin: no manifest in " + pluginDir().string() + " names this library");
  EXPECT_EQ(info("fx-plain").state, PluginState::Running);
}

TEST_F(PluginManagerTest, MissingDependencyFailsOnlyThatPlugin) {
  run({"missing_dep", "plain"});
  EXPECT_EQ(reasonOf("fx-missing-dep"), "requires service 'fx.absent' 1.0, which no plugin provides");
  EXPECT_EQ(info("fx-plain").state, PluginState::Running);
}

TEST_F(PluginManagerTest, TooOldProviderIsNamed) {
  run({"provider", "needs_newer"});
  EXPECT_EQ(reasonOf("fx-needs-newer"), "requires service 'fx.counter' 1.5, but 'fx-provider' provides 1.2");
  EXPECT_EQ(info("fx-provider").state, PluginState::Running);
}

TEST_F(PluginManagerTest, DependencyCycleIsRefusedNamingBoth) {
  run({"cycle_a", "cycle_b", "plain"});
  EXPECT_EQ(reasonOf("fx-cycle-a"), "dependency cycle: 'fx-cycle-a' -> 'fx-cycle-b' -> 'fx-cycle-a'");
  EXPECT_EQ(reasonOf("fx-cycle-b"), "dependency cycle: 'fx-cycle-a' -> 'fx-cycle-b' -> 'fx-cycle-a'");
  EXPECT_EQ(info("fx-plain").state, PluginState::Running);
}

TEST_F(PluginManagerTest, FailureInStartFailsItsDependentsButNotTheOthers) {
  run({"fail_start", "after_flaky", "plain"});
  EXPECT_EQ(reasonOf("fx-fail-start"), "start failed: simulated start failure: port 11000 is in use");
  EXPECT_EQ(reasonOf("fx-after-flaky"), "depends on 'fx-fail-start', which failed");
  EXPECT_EQ(info("fx-plain").state, PluginState::Running);
  EXPECT_FALSE(registry_.find({"fx.flaky", 1, 0}).has_value());  // its service went with it
  EXPECT_EQ(pingPlugins(), (std::set<std::string>{"fx-plain"}));
}

TEST_F(PluginManagerTest, ExceptionThrownThroughTheCBoundaryIsContained) {
  run({"throw_raw", "plain"});
  EXPECT_EQ(reasonOf("fx-throw-raw"), "start threw an exception across the SDK boundary: raw exception from start");
  EXPECT_EQ(info("fx-plain").state, PluginState::Running);
}

TEST_F(PluginManagerTest, DuplicateIdsAreBothRefused) {
  run({"dup_a", "dup_b"});
  const auto list = manager().list();
  ASSERT_EQ(list.size(), 2u);
  for (const PluginInfo& p : list) {
    EXPECT_EQ(p.state, PluginState::Failed);
    EXPECT_EQ(p.reason, "duplicate plugin id 'fx-dup' (fx-dup-a.json, fx-dup-b.json)");
  }
}

TEST_F(PluginManagerTest, WorldWritableDirectoryIsRefused) {
  test::copyFixture("plain", pluginDir());
  fs::permissions(pluginDir(), fs::perms::all);
  manager().prepare();
  manager().startAll();
  EXPECT_EQ(reasonOf("fx-plain"),
            "plugin directory " + pluginDir().string() + " is writable by every user; its plugins are refused");
}

TEST_F(PluginManagerTest, WorldWritableLibraryIsRefused) {
  test::copyFixture("plain", pluginDir());
  fs::permissions(pluginDir() / "fx-plain.so", fs::perms::others_write, fs::perm_options::add);
  manager().prepare();
  EXPECT_EQ(reasonOf("fx-plain"), "fx-plain.so or its manifest is writable by every user; refused");
}

TEST_F(PluginManagerTest, ConsumerOfARefusedProviderNamesIt) {
  test::copyFixture("provider", pluginDir());
  test::copyFixture("consumer", pluginDir());
  fs::permissions(pluginDir() / "fx-provider.so", fs::perms::others_write, fs::perm_options::add);
  manager().prepare();
  manager().startAll();
  EXPECT_EQ(reasonOf("fx-provider"), "fx-provider.so or its manifest is writable by every user; refused");
  EXPECT_EQ(reasonOf("fx-consumer"), "depends on 'fx-provider', which failed");
}

TEST_F(PluginManagerTest, UnreadableManifestIsReportedOnce) {
  test::copyFixture("plain", pluginDir());
  test::writeFile(pluginDir() / "fx-plain.json", "{ not json");
  manager().prepare();
  const auto list = manager().list();
  ASSERT_EQ(list.size(), 1u);
  EXPECT_NE(list[0].reason.find("fx-plain.json: not valid JSON"), std::string::npos) << list[0].reason;
}

TEST_F(PluginManagerTest, UndeclaredServiceRegistrationFails) {
  run({"undeclared"});
  const std::string reason = reasonOf("fx-undeclared");
  EXPECT_EQ(reason,
            "initialise failed: cannot register service 'fx.undeclared': not declared in the plugin's descriptor "
            "(service 'fx.undeclared' 1.0 is not declared in the plugin's descriptor)");
}

TEST_F(PluginManagerTest, BadPluginConfigNamesFileAndKey) {
  test::writeFile(configDir() / "fx-plain.ini", "poll_interval_s = 0\nlable = x\n");
  run({"plain"});
  const std::string file = (configDir() / "fx-plain.ini").string();
  // Every problem at once, in key order.
  EXPECT_EQ(reasonOf("fx-plain"),
            file + ": unknown key 'lable'\n" + file + ": key 'poll_interval_s': '0' is outside 1..3600");
}

TEST_F(PluginManagerTest, ManifestThatDisagreesWithTheLibraryIsRefused) {
  test::copyFixture("plain", pluginDir());
  const fs::path manifest = pluginDir() / "fx-plain.json";
  std::ifstream in(manifest);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  in.close();
  text.replace(text.find("\"1.0.0\""), 7, "\"2.0.0\"");
  test::writeFile(manifest, text);
  manager().prepare();
  EXPECT_EQ(reasonOf("fx-plain"), "descriptor says 'fx-plain' 1.0.0 but the manifest says 'fx-plain' 2.0.0");
}

TEST_F(PluginManagerTest, LibrariesStayResidentAfterTheManagerIsGone) {
  run({"plain"});
  const std::string path = (pluginDir() / "fx-plain.so").string();
  manager().stopAll();
  manager_.reset();
  void* handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_NOLOAD);
  EXPECT_NE(handle, nullptr) << "the plugin library was unloaded";
  if (handle != nullptr) ::dlclose(handle);
}

TEST_F(PluginManagerTest, OrphanConfigFilesAreListed) {
  test::writeFile(configDir() / "helo.ini", "greeting = x\n");
  run({"plain"});
  EXPECT_EQ(manager().orphanConfigFiles(), std::vector<std::string>{(configDir() / "helo.ini").string()});
}

}  // namespace
}  // namespace monban::host
