// The database layer on every backend: SQLite, PostgreSQL, and PostgreSQL through ODBC.
// ctest runs this binary once per backend (see CMakeLists.txt).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <mutex>
#include <optional>
#include <thread>

#include <Poco/Logger.h>
#include <soci/soci.h>

#include "TestSupport.h"
#include "monban/host/Clock.h"
#include "monban/host/EventBus.h"
#include "monban/host/HostError.h"
#include "monban/host/Migrator.h"
#include "monban/host/PluginContext.h"
#include "monban/host/PluginManager.h"
#include "monban/host/ServiceRegistry.h"
#include "monban/host/SqlStatement.h"

namespace monban::host {
namespace {

class StorageTest : public ::testing::TestWithParam<std::string> {
protected:
  StorageTest() : testDb_(GetParam()), clock_(1'700'000'000'000) {}

  Database& db() {
    if (!db_) db_ = std::make_unique<Database>(testDb_.options());
    return *db_;
  }

  int count(const std::string& sql) {
    Database::Lease lease = db().acquire();
    int64_t n = -1;
    querySql(lease.session(), sql, {}, [&](const SqlRow& row) {
      n = sqlInteger(row.values[0]);
      return false;
    });
    return static_cast<int>(n);
  }

  test::TestDatabase testDb_;
  ManualClock clock_;
  std::unique_ptr<Database> db_;
};

TEST_P(StorageTest, DialectIsDetected) {
  const Dialect expected =
      GetParam() == "sqlite" ? Dialect::SQLite : Dialect::PostgreSQL;  // ODBC here reaches PostgreSQL
  EXPECT_EQ(db().dialect(), expected);
}

TEST_P(StorageTest, ForeignKeysAreEnforcedAndSqliteRunsInWalMode) {
  Database::Lease lease = db().acquire();
  executeSql(lease.session(), "CREATE TABLE fk_parent (id INTEGER NOT NULL PRIMARY KEY)", {});
  executeSql(
      lease.session(),
      "CREATE TABLE fk_child (id INTEGER NOT NULL PRIMARY KEY, parent INTEGER NOT NULL REFERENCES fk_parent (id))", {});
  executeSql(lease.session(), "INSERT INTO fk_parent (id) VALUES (1)", {});
  executeSql(lease.session(), "INSERT INTO fk_child (id, parent) VALUES (1, 1)", {});
  EXPECT_THROW(executeSql(lease.session(), "INSERT INTO fk_child (id, parent) VALUES (2, 99)", {}), DatabaseError);
  if (GetParam() == "sqlite") {
    std::string mode;
    querySql(lease.session(), "PRAGMA journal_mode", {}, [&](const SqlRow& row) {
      mode = sqlText(row.values[0]);
      return false;
    });
    EXPECT_EQ(mode, "wal");
    int64_t timeout = 0;
    querySql(lease.session(), "PRAGMA busy_timeout", {}, [&](const SqlRow& row) {
      timeout = sqlInteger(row.values[0]);
      return false;
    });
    EXPECT_EQ(timeout, 5000);
  }
}

TEST_P(StorageTest, MigrationsApplyOnceAndAreRecorded) {
  Migrator migrator(db(), clock_);
  EXPECT_EQ(migrator.apply("host", hostMigrations()), 1);
  EXPECT_EQ(migrator.apply("host", hostMigrations()), 0);
  const auto applied = migrator.applied();
  ASSERT_EQ(applied.size(), 1u);
  EXPECT_EQ(applied[0].component, "host");
  EXPECT_EQ(applied[0].version, 1);
  EXPECT_EQ(applied[0].description, "host settings");
  EXPECT_EQ(applied[0].applied_at_ms, 1'700'000'000'000);
  Database::Lease lease = db().acquire();
  EXPECT_TRUE(db().tableExists(lease.session(), "monban_host_settings"));
  EXPECT_FALSE(db().tableExists(lease.session(), "no_such_table"));
}

TEST_P(StorageTest, FailedMigrationLeavesNothingBehind) {
  Migrator migrator(db(), clock_);
  const std::vector<Migration> migrations = {
      {1, "first", {"CREATE TABLE m_first (id INTEGER NOT NULL PRIMARY KEY)"}},
      {2, "broken", {"CREATE TABLE m_second (id INTEGER NOT NULL)", "INSERT INTO m_nowhere VALUES (1)"}},
  };
  try {
    migrator.apply("plugin-x", migrations);
    FAIL() << "expected DatabaseError";
  } catch (const DatabaseError& e) {
    EXPECT_NE(std::string(e.what()).find("plugin-x migration 2 (broken) failed and was rolled back"), std::string::npos)
        << e.what();
  }
  EXPECT_EQ(migrator.currentVersion("plugin-x"), 1);
  Database::Lease lease = db().acquire();
  EXPECT_TRUE(db().tableExists(lease.session(), "m_first"));
  EXPECT_FALSE(db().tableExists(lease.session(), "m_second"));
}

TEST_P(StorageTest, MigrationListsAreChecked) {
  Migrator migrator(db(), clock_);
  EXPECT_THROW(migrator.apply("p", {{2, "b", {}}, {1, "a", {}}}), DatabaseError);
  EXPECT_THROW(migrator.apply("p", {{1, "a", {}}, {1, "again", {}}}), DatabaseError);
  EXPECT_THROW(migrator.apply("p", {{0, "zero", {}}}), DatabaseError);
  migrator.apply("p", {{1, "a", {}}, {2, "b", {}}});
  try {
    migrator.apply("p", {{1, "a", {}}});
    FAIL() << "an older release must refuse a newer schema";
  } catch (const DatabaseError& e) {
    EXPECT_NE(std::string(e.what()).find("the database schema is at version 2, newer than this release knows (1)"),
              std::string::npos)
        << e.what();
  }
}

// The SDK's database functions, called as a plugin calls them.
TEST_P(StorageTest, SdkDatabaseCallsRoundTripEveryType) {
  Migrator migrator(db(), clock_);
  EventBus events(clock_, 16);
  ServiceRegistry registry;
  HostServices services{clock_, events, registry, &db(), &migrator, nullptr, {}};
  monban_plugin_context context;
  context.plugin_id = "sdk-user";
  context.services = &services;
  const monban_host_api& api = hostApiTable();

  const char* const create[] = {
      "CREATE TABLE sdk_items (id BIGINT NOT NULL PRIMARY KEY, name VARCHAR(100), score DOUBLE PRECISION)"};
  const monban_migration migrations[] = {{1, "items", create, 1}};
  EXPECT_EQ(api.db_migrate(&context, migrations, 1), MONBAN_ERR_WRONG_STATE);  // only while initialising
  context.registration_open = true;
  ASSERT_EQ(api.db_migrate(&context, migrations, 1), MONBAN_OK);
  context.registration_open = false;
  EXPECT_STREQ(api.db_dialect(&context), GetParam() == "sqlite" ? "sqlite" : "postgresql");

  monban_db* session = nullptr;
  ASSERT_EQ(api.db_acquire(&context, &session), MONBAN_OK);
  monban_db_value row1[3] = {
      {MONBAN_DB_INTEGER, 1, 0, nullptr}, {MONBAN_DB_TEXT, 0, 0, "門番 gate"}, {MONBAN_DB_REAL, 0, 2.5, nullptr}};
  monban_db_value row2[3] = {
      {MONBAN_DB_INTEGER, 5000000000LL, 0, nullptr}, {MONBAN_DB_NULL, 0, 0, nullptr}, {MONBAN_DB_NULL, 0, 0, nullptr}};
  int64_t affected = 0;
  const char* insert = "INSERT INTO sdk_items (id, name, score) VALUES (:id, :name, :score)";
  ASSERT_EQ(api.db_begin(session), MONBAN_OK);
  ASSERT_EQ(api.db_execute(session, insert, row1, 3, &affected), MONBAN_OK) << api.db_last_error(session);
  EXPECT_EQ(affected, 1);
  ASSERT_EQ(api.db_execute(session, insert, row2, 3, nullptr), MONBAN_OK) << api.db_last_error(session);
  ASSERT_EQ(api.db_commit(session), MONBAN_OK);

  struct Seen {
    std::vector<std::string> lines;
  } seen;
  auto handler = [](void* user, const monban_db_row* row) -> int32_t {
    std::string line;
    for (uint32_t i = 0; i < row->column_count; ++i) {
      const monban_db_value& v = row->values[i];
      line += std::string(i ? " " : "") + row->column_names[i] + "=";
      if (v.type == MONBAN_DB_NULL) line += "null";
      if (v.type == MONBAN_DB_INTEGER) line += std::to_string(v.integer_value);
      if (v.type == MONBAN_DB_REAL) line += std::to_string(v.real_value);
      if (v.type == MONBAN_DB_TEXT) line += std::string("'") + v.text_value + "'";
    }
    static_cast<Seen*>(user)->lines.push_back(line);
    return 0;
  };
  monban_db_value minId = {MONBAN_DB_INTEGER, 0, 0, nullptr};
  ASSERT_EQ(api.db_query(session, "SELECT id, name, score FROM sdk_items WHERE id > :min ORDER BY id", &minId, 1,
                         handler, &seen),
            MONBAN_OK)
      << api.db_last_error(session);
  EXPECT_EQ(seen.lines,
            (std::vector<std::string>{"id=1 name='門番 gate' score=2.500000", "id=5000000000 name=null score=null"}));

  // Stopping early: the handler's non-zero answer ends the query.
  seen.lines.clear();
  ASSERT_EQ(api.db_query(
                session, "SELECT id FROM sdk_items ORDER BY id", nullptr, 0,
                [](void* user, const monban_db_row*) -> int32_t {
                  static_cast<Seen*>(user)->lines.push_back("row");
                  return 1;
                },
                &seen),
            MONBAN_OK);
  EXPECT_EQ(seen.lines.size(), 1u);

  // Rollback undoes; a bad statement reports the database's message.
  ASSERT_EQ(api.db_begin(session), MONBAN_OK);
  EXPECT_EQ(api.db_begin(session), MONBAN_ERR_WRONG_STATE);
  ASSERT_EQ(api.db_execute(session, "DELETE FROM sdk_items", nullptr, 0, &affected), MONBAN_OK);
  EXPECT_EQ(affected, 2);
  ASSERT_EQ(api.db_rollback(session), MONBAN_OK);
  EXPECT_EQ(api.db_execute(session, "INSERT INTO no_such_table VALUES (1)", nullptr, 0, nullptr), MONBAN_ERR_DATABASE);
  EXPECT_NE(std::string(api.db_last_error(session)).find("no_such_table"), std::string::npos)
      << api.db_last_error(session);
  monban_db_value badType = {99, 0, 0, nullptr};
  EXPECT_EQ(api.db_execute(session, "SELECT :x", &badType, 1, nullptr), MONBAN_ERR_DATABASE);
  EXPECT_STREQ(api.db_last_error(session), "parameter 1 has unknown type 99");

  // A session released inside a transaction rolls it back.
  ASSERT_EQ(api.db_begin(session), MONBAN_OK);
  ASSERT_EQ(api.db_execute(session, "DELETE FROM sdk_items", nullptr, 0, nullptr), MONBAN_OK);
  api.db_release(session);
  EXPECT_EQ(count("SELECT COUNT(*) FROM sdk_items"), 2);
  EXPECT_EQ(migrator.currentVersion("sdk-user"), 1);
}

TEST_P(StorageTest, PoolIsBoundedAndSaysSo) {
  DatabaseOptions options = testDb_.options(2);
  options.acquire_timeout_ms = 200;
  Database small(options);
  Database::Lease a = small.acquire();
  Database::Lease b = small.acquire();
  try {
    small.acquire();
    FAIL() << "a third session must not be handed out";
  } catch (const DatabaseError& e) {
    EXPECT_EQ(std::string(e.what()), "no free database session after 200 ms (database.pool_size is 2)");
  }
}

TEST_P(StorageTest, PoolServesWaitersInTheOrderTheyCame) {
  DatabaseOptions options = testDb_.options(1);
  options.acquire_timeout_ms = 200;
  {
    Database impatient(options);
    std::optional<Database::Lease> held(impatient.acquire());
    // A waiter that gave up leaves the queue: it is not handed a session later.
    EXPECT_THROW(impatient.acquire(), DatabaseError);
    EXPECT_EQ(impatient.waiting(), 0u);
    held.reset();
    EXPECT_NO_THROW(impatient.acquire());
  }
  options.acquire_timeout_ms = 600'000;  // the waiters below wait however slowly the machine runs
  Database pool(options);
  std::optional<Database::Lease> held(pool.acquire());

  std::mutex mutex;
  std::vector<std::string> order;
  auto waiter = [&](std::string name) {
    return std::thread([&, name] {
      try {
        Database::Lease lease = pool.acquire();
        std::lock_guard lock(mutex);
        order.push_back(name);
      } catch (const DatabaseError& e) {
        std::lock_guard lock(mutex);
        order.push_back(e.what());
      }
    });
  };
  auto untilWaiting = [&](std::size_t n) {
    while (pool.waiting() != n) std::this_thread::yield();
  };
  std::thread first = waiter("first");
  untilWaiting(1);
  std::thread second = waiter("second");
  untilWaiting(2);
  held.reset();  // goes to the first waiter, whichever thread the system happens to run next
  first.join();
  second.join();
  EXPECT_EQ(order, (std::vector<std::string>{"first", "second"}));
}

TEST_P(StorageTest, ConcurrentWritersLoseNoRow) {
  {
    Database::Lease lease = db().acquire();
    executeSql(lease.session(), "CREATE TABLE writes (writer INTEGER NOT NULL, n INTEGER NOT NULL)", {});
  }
  std::vector<std::thread> writers;
  std::atomic<int> failures{0};
  for (int w = 0; w < 4; ++w) {
    writers.emplace_back([&, w] {
      try {
        for (int batch = 0; batch < 10; ++batch) {
          Database::Lease lease = db().acquire();
          soci::transaction tx(lease.session());
          for (int i = 0; i < 20; ++i)
            executeSql(lease.session(), "INSERT INTO writes (writer, n) VALUES (:w, :n)",
                       {int64_t{w}, int64_t{batch * 20 + i}});
          tx.commit();
        }
      } catch (const std::exception& e) {
        ++failures;
        ADD_FAILURE() << e.what();
      }
    });
  }
  for (auto& t : writers) t.join();
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM writes"), 800);
  EXPECT_EQ(count("SELECT COUNT(DISTINCT n) FROM writes WHERE writer = 3"), 200);
}

TEST_P(StorageTest, PluginMigratesAndWritesThroughTheManager) {
  test::TempDir dir;
  test::copyFixture("provider", dir.path() / "plugins");
  Migrator migrator(db(), clock_);
  EventBus events(clock_, 64);
  ServiceRegistry registry;
  HostServices services{clock_, events, registry, &db(), &migrator, nullptr, {}};
  PluginManager manager(services, dir.path() / "plugins", dir.path() / "config", Poco::Logger::get("test"));
  manager.prepare();
  manager.startAll();
  ASSERT_EQ(manager.list().at(0).state, PluginState::Running) << manager.list().at(0).reason;
  EXPECT_EQ(count("SELECT COUNT(*) FROM fx_starts WHERE at_ms = 1700000000000"), 1);
  EXPECT_EQ(migrator.currentVersion("fx-provider"), 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, StorageTest, ::testing::Values("sqlite", "postgresql", "odbc"),
                         [](const ::testing::TestParamInfo<std::string>& param) { return param.param; });

using SqliteStorageTest = StorageTest;

TEST_P(SqliteStorageTest, WriteAheadLogIsCopiedBackByTheCheckpointThreadNotTheCommitter) {
  const std::filesystem::path file = testDb_.options().connection;
  {
    Database::Lease lease = db().acquire();
    // The committing sessions leave checkpoints to the thread (SQLite's own would show its threshold).
    int64_t automatic = -1;
    querySql(lease.session(), "PRAGMA wal_autocheckpoint", {}, [&](const SqlRow& row) {
      automatic = sqlInteger(row.values[0]);
      return false;
    });
    EXPECT_EQ(automatic, 0);
    executeSql(lease.session(), "CREATE TABLE wal_fill (payload BLOB NOT NULL)", {});
    // About 5,000 pages of log in one commit: over the start threshold, under the inline one.
    soci::transaction tx(lease.session());
    for (int i = 0; i < 10000; ++i)
      executeSql(lease.session(), "INSERT INTO wal_fill (payload) VALUES (zeroblob(2000))", {});
    tx.commit();
  }
  // Nothing else runs: only the thread can carry the log into the database file.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::filesystem::file_size(file) < 16'000'000 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_GE(std::filesystem::file_size(file), 16'000'000u);
  EXPECT_EQ(count("SELECT COUNT(*) FROM wal_fill"), 10000);
}

INSTANTIATE_TEST_SUITE_P(Backends, SqliteStorageTest, ::testing::Values("sqlite"),
                         [](const ::testing::TestParamInfo<std::string>& param) { return param.param; });

}  // namespace
}  // namespace monban::host
