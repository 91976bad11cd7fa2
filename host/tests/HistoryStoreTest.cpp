// The history store on SQLite and PostgreSQL: deduplicating ingestion, scoped keyset search
// (both search plans), purge, CSV export and the history CLI. ctest runs it once per backend.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <map>
#include <mutex>
#include <regex>
#include <set>
#include <sstream>

#include "TestSupport.h"
#include "monban/host/Clock.h"
#include "monban/host/EventBus.h"
#include "monban/host/HistoryCommands.h"
#include "monban/host/HostError.h"
#include "monban/host/Migrator.h"
#include "monban/host/SqlStatement.h"
#include "monban/host/domain/DomainError.h"
#include "monban/host/domain/DomainSchema.h"
#include "monban/host/domain/HistoryCsv.h"
#include "monban/host/domain/HistoryStore.h"
#include "monban/host/domain/HistoryTerms.h"
#include "monban/host/domain/HistoryTime.h"

namespace monban::host::domain {
namespace {

constexpr int64_t kNow = 1'767'225'600'000;  // 2026-01-01T00:00:00Z
constexpr int64_t kMinute = 60'000;
constexpr int64_t kDay = 86'400'000;

template <class F>
void expectDomainError(const std::string& code, const std::string& mentions, F&& body) {
  try {
    body();
    ADD_FAILURE() << "expected DomainError " << code;
  } catch (const DomainError& e) {
    EXPECT_EQ(e.code(), code) << e.what();
    EXPECT_NE(std::string(e.what()).find(mentions), std::string::npos) << e.what();
  }
}

HistoryEvent event(int64_t at, int64_t controller, int64_t seq, const std::string& code = "granted") {
  HistoryEvent e;
  e.kind = HistoryKind::Access;
  e.occurred_at_ms = at;
  e.received_at_ms = at + 1000;
  e.controller_id = controller;
  e.event_seq = seq;
  e.gate_id = controller;
  e.management_group_id = 1;
  e.code = code;
  return e;
}

std::vector<int64_t> ids(const std::vector<HistoryRecord>& records) {
  std::vector<int64_t> out;
  for (const auto& r : records) out.push_back(r.id);
  return out;
}

class HistoryStoreTest : public ::testing::TestWithParam<std::string> {
protected:
  HistoryStoreTest() : testDb_(GetParam()), clock_(kNow) {
    db_ = std::make_unique<Database>(testDb_.options());
    Migrator migrator(*db_, clock_);
    migrator.apply("domain", domainMigrations(db_->dialect()));
    migrator.apply("history", historyMigrations(db_->dialect()));
    // "/1/70/" shares its first digit with "/1/7/": a prefix test must keep them apart.
    for (const auto& [id, parent, path] : std::vector<std::tuple<int64_t, int64_t, std::string>>{
             {1, 0, "/1/"}, {2, 0, "/2/"}, {7, 1, "/1/7/"}, {70, 1, "/1/70/"}, {42, 7, "/1/7/42/"}})
      execute(
          "INSERT INTO affiliations (id, code, name, parent_id, depth, path, updated_at_ms) VALUES (:id, :code, "
          ":name, :parent, :depth, :path, :at)",
          {id, "A" + std::to_string(id), "A" + std::to_string(id), parent == 0 ? SqlValue{} : SqlValue{parent},
           static_cast<int64_t>(std::count(path.begin(), path.end(), '/') - 1), path, kNow});
  }

  HistoryStore store(HistoryStoreOptions options = {}) { return HistoryStore(*db_, clock_, nullptr, options); }

  void execute(const std::string& sql, const std::vector<SqlValue>& params = {}) {
    Database::Lease lease = db_->acquire();
    executeSql(lease.session(), sql, params);
  }

  int64_t count(const std::string& sql, const std::vector<SqlValue>& params = {}) {
    Database::Lease lease = db_->acquire();
    int64_t n = -1;
    querySql(lease.session(), sql, params, [&](const SqlRow& row) {
      n = sqlInteger(row.values[0]);
      return false;
    });
    return n;
  }

  static Actor groupActor(std::vector<int64_t> groups) {
    Scope scope;
    scope.all_affiliations = true;
    scope.management_groups = std::move(groups);
    return Actor::forOperator(11, "groups", AccessRights(OperatorType::GeneralAdministrator), scope);
  }
  static Actor affiliationActor(std::vector<std::string> paths) {
    Scope scope;
    scope.all_management_groups = true;
    scope.affiliation_paths = std::move(paths);
    return Actor::forOperator(12, "affiliations", AccessRights(OperatorType::GeneralAdministrator), scope);
  }

  /// Every page of a search, checking that pages follow each other.
  static std::vector<HistoryRecord> allPages(HistoryStore& store, const Actor& actor, HistoryQuery query) {
    std::vector<HistoryRecord> out;
    for (int page = 0; page < 1000; ++page) {
      const HistoryPage result = store.query(actor, query);
      EXPECT_LE(result.records.size(), static_cast<std::size_t>(query.limit));
      out.insert(out.end(), result.records.begin(), result.records.end());
      if (result.next_cursor.empty()) return out;
      EXPECT_EQ(result.records.size(), static_cast<std::size_t>(query.limit));
      query.cursor = result.next_cursor;
    }
    ADD_FAILURE() << "paging does not end";
    return out;
  }

  /// Makes a "poison" event fail inside the database, as a failing commit would.
  void poison(bool on) {
    if (GetParam() == "sqlite")
      execute(on ? "CREATE TRIGGER poison BEFORE INSERT ON history_events WHEN NEW.code = 'poison'"
                   " BEGIN SELECT RAISE(ABORT, 'poisoned event'); END"
                 : "DROP TRIGGER poison");
    else
      execute(on ? "ALTER TABLE history_events ADD CONSTRAINT no_poison CHECK (code <> 'poison')"
                 : "ALTER TABLE history_events DROP CONSTRAINT no_poison");
  }

  test::TestDatabase testDb_;
  ManualClock clock_;
  std::unique_ptr<Database> db_;
  const Actor admin_ = Actor::system("cli:test");
};

// ---------------------------------------------------------------------------------------------
// Ingestion

TEST_P(HistoryStoreTest, RedeliveredEventsAcrossCallsAreStoredOnce) {
  HistoryStore s = store();
  std::vector<HistoryEvent> first, second;
  for (int64_t seq = 1; seq <= 10; ++seq) first.push_back(event(kNow - seq * kMinute, 5, seq));
  for (int64_t seq = 6; seq <= 15; ++seq) second.push_back(event(kNow - seq * kMinute, 5, seq));
  const AppendResult a = s.append(first);
  EXPECT_EQ(a.stored, 10);
  EXPECT_EQ(a.duplicates, 0);
  const AppendResult b = s.append(second);
  EXPECT_EQ(b.stored, 5);
  EXPECT_EQ(b.duplicates, 5);
  EXPECT_EQ(b.committed_seq.at(5), 15);
  EXPECT_EQ(count("SELECT COUNT(*) AS n FROM history_events"), 15);
  // The same seq at another controller is another event.
  EXPECT_EQ(s.append({event(kNow, 6, 1)}).stored, 1);
}

TEST_P(HistoryStoreTest, DuplicatesWithinOneCallAreStoredOnceFirstCopyKept) {
  HistoryStore s = store();
  const AppendResult r = s.append({event(kNow - 1, 5, 1, "granted"), event(kNow - 2, 5, 2),
                                   event(kNow - 1, 5, 1, "tamper"), event(kNow - 3, 5, 3), event(kNow - 2, 5, 2)});
  EXPECT_EQ(r.stored, 3);
  EXPECT_EQ(r.duplicates, 2);
  EXPECT_EQ(r.committed_seq.at(5), 3);
  EXPECT_EQ(count("SELECT COUNT(*) AS n FROM history_events WHERE code = 'tamper'"), 0);
  // Events without a controller sequence are never duplicates.
  HistoryEvent hostEvent = event(kNow, 5, 0);
  hostEvent.controller_id.reset();
  hostEvent.event_seq.reset();
  EXPECT_EQ(s.append({hostEvent, hostEvent}).stored, 2);
}

TEST_P(HistoryStoreTest, SeqIsAcknowledgedOnlyAfterCommitAndPublishedAfterIt) {
  EventBus bus(clock_, 100);
  std::mutex mutex;
  std::vector<std::string> payloads;
  std::vector<int64_t> visibleRows;
  bus.subscribe("test", "monban.history.appended", [&](const BusEvent& e) {
    const int64_t visible = count("SELECT COUNT(*) AS n FROM history_events");  // from another session
    std::lock_guard<std::mutex> lock(mutex);
    payloads.push_back(e.payload);
    visibleRows.push_back(visible);
  });
  HistoryStore s(*db_, clock_, &bus);
  std::vector<HistoryEvent> batch = {event(kNow - 3, 5, 1), event(kNow - 2, 5, 2), event(kNow - 1, 5, 3, "poison")};
  batch[0].affiliation_path = "/1/7/";
  poison(true);
  EXPECT_THROW(s.append(batch), DatabaseError);
  bus.drain();
  EXPECT_EQ(count("SELECT COUNT(*) AS n FROM history_events"), 0);
  EXPECT_TRUE(payloads.empty());

  poison(false);
  const AppendResult r = s.append(batch);
  EXPECT_EQ(r.stored, 3);
  EXPECT_EQ(r.duplicates, 0);
  EXPECT_EQ(r.committed_seq.at(5), 3);
  EXPECT_EQ(r.last_id - r.first_id, 2);
  bus.drain();
  ASSERT_EQ(payloads.size(), 1u);
  EXPECT_EQ(payloads[0], "{\"count\":3,\"first_id\":" + std::to_string(r.first_id) +
                             ",\"last_id\":" + std::to_string(r.last_id) + "}");
  EXPECT_EQ(visibleRows[0], 3);
  // The failed call recorded nothing, the retry recorded its affiliation path: a subtree finds it.
  HistoryQuery q;
  q.affiliation_id = 7;
  EXPECT_EQ(s.query(admin_, q).records.size(), 1u);
  // A call of duplicates only stores nothing and announces nothing.
  EXPECT_EQ(s.append(batch).duplicates, 3);
  bus.drain();
  EXPECT_EQ(payloads.size(), 1u);
}

TEST_P(HistoryStoreTest, ClockSkewOverFiveMinutesIsFlaggedNotDropped) {
  HistoryStore s = store();
  const int64_t received = kNow;
  auto at = [&](int64_t occurred, int64_t seq) {
    HistoryEvent e = event(occurred, 5, seq);
    e.received_at_ms = received;
    return e;
  };
  HistoryEvent unstamped = event(kNow - 5 * kMinute - 1, 5, 6);
  unstamped.received_at_ms = 0;  // the store's clock
  s.append({at(received - 5 * kMinute, 1), at(received - 5 * kMinute - 1, 2), at(received + 5 * kMinute, 3),
            at(received + 5 * kMinute + 1, 4), at(received - 400 * kDay, 5), unstamped});
  std::map<int64_t, int64_t> flags;
  std::map<int64_t, int64_t> receivedAt;
  for (const auto& r : s.query(admin_, {}).records) {
    flags[*r.event.event_seq] = r.event.flags;
    receivedAt[*r.event.event_seq] = r.event.received_at_ms;
  }
  ASSERT_EQ(flags.size(), 6u);
  EXPECT_EQ(flags[1], 0);
  EXPECT_EQ(flags[2], kHistoryClockSkewed);
  EXPECT_EQ(flags[3], 0);
  EXPECT_EQ(flags[4], kHistoryClockSkewed);
  EXPECT_EQ(flags[5], kHistoryClockSkewed);
  EXPECT_EQ(flags[6], kHistoryClockSkewed);
  EXPECT_EQ(receivedAt[6], kNow);
}

TEST_P(HistoryStoreTest, GapRecordNamesTheLostRangeAndIsStoredOnce) {
  HistoryStore s = store();
  s.append({event(kNow - 2 * kMinute, 5, 10)});
  const AppendResult gap = s.appendGap(5, 11, 20, 5, 1);
  EXPECT_EQ(gap.stored, 1);
  EXPECT_TRUE(gap.committed_seq.empty());  // nothing of the controller's own to acknowledge
  const AppendResult after = s.append({gapRecord(5, 11, 20, kNow), event(kNow - kMinute, 5, 21)});
  EXPECT_EQ(after.duplicates, 1);
  EXPECT_EQ(after.committed_seq.at(5), 21);
  HistoryQuery q;
  q.code = "events_lost";
  const auto records = s.query(admin_, q).records;
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].event.kind, HistoryKind::Alarm);
  EXPECT_EQ(records[0].event.flags & kHistoryGap, kHistoryGap);
  EXPECT_EQ(records[0].event.detail, "events lost from seq 11 to seq 20 at controller 5");
  EXPECT_EQ(records[0].event.gate_id, 5);
  expectDomainError("invalid", "gap", [&] { s.appendGap(5, 30, 29); });
}

TEST_P(HistoryStoreTest, InvalidEventsAreRefusedAndNothingIsStored) {
  HistoryStore s = store();
  HistoryEvent noSeq = event(kNow, 5, 1);
  noSeq.event_seq.reset();
  HistoryEvent badKind = event(kNow, 5, 2);
  badKind.kind = static_cast<HistoryKind>(9);
  HistoryEvent noCode = event(kNow, 5, 3, "");
  HistoryEvent negativeSeq = event(kNow, 5, -4);
  expectDomainError("invalid", "events[1].event_seq", [&] { s.append({event(kNow, 5, 9), noSeq}); });
  expectDomainError("invalid", "events[0].kind", [&] { s.append({badKind}); });
  expectDomainError("invalid", "events[0].code", [&] { s.append({noCode}); });
  expectDomainError("invalid", "events[0].event_seq", [&] { s.append({negativeSeq}); });
  EXPECT_EQ(count("SELECT COUNT(*) AS n FROM history_events"), 0);
}

TEST_P(HistoryStoreTest, TextIsCutToItsColumnAndMadeValidUtf8) {
  HistoryStore s = store();
  HistoryEvent e = event(kNow, 5, 1);
  std::string name;
  for (int i = 0; i < 70; ++i) name += "門";
  e.user_name = name;
  e.user_id = "U1";
  e.detail = std::string("bad\xff") + '\0' + "byte";
  s.append({e});
  const auto records = s.query(admin_, {}).records;
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].event.user_name, name.substr(0, 64 * 3));
  EXPECT_EQ(records[0].event.detail,
            "bad\xEF\xBF\xBD\xEF\xBF\xBD"
            "byte");
}

// ---------------------------------------------------------------------------------------------
// Search: every filter and scope, on both plans, against a plain reading of the rules.

class HistorySearchTest : public HistoryStoreTest {
protected:
  HistorySearchTest() {
    // 72 events: kinds, gates (group = gate % 2 + 1), users, paths, codes and times varied,
    // with ties on occurred_at_ms, some without gate, group or user.
    const std::vector<std::string> paths = {"/1/7/42/", "/1/7/", "/1/70/", "/2/", "/1/", ""};
    const std::vector<std::string> codes = {"granted", "denied_no_permission", "passback_violation", "intrusion"};
    std::vector<HistoryEvent> events;
    for (int64_t i = 0; i < 72; ++i) {
      HistoryEvent e = event(kNow - (i / 3) * kMinute, 1 + i % 4, i + 1, codes[i % 4]);
      e.kind = static_cast<HistoryKind>(1 + (i / 2) % 4);
      if (i % 9 == 8) {
        e.gate_id.reset();
        e.management_group_id.reset();
      } else {
        e.management_group_id = *e.gate_id % 2 + 1;
      }
      e.affiliation_path = paths[i % paths.size()];
      if (!e.affiliation_path.empty()) {
        e.user_id = "U" + std::to_string(i % 5);
        e.user_name = "User " + std::to_string(i % 5);
      }
      events.push_back(e);
    }
    HistoryStore s = store();
    s.append(events);
    HistoryQuery all;
    all.limit = 1000;
    all_ = s.query(admin_, all).records;
  }

  static std::string pathOf(int64_t affiliation) {
    return std::map<int64_t, std::string>{{1, "/1/"}, {2, "/2/"}, {7, "/1/7/"}, {70, "/1/70/"}, {42, "/1/7/42/"}}.at(
        affiliation);
  }
  static bool under(const std::string& path, const std::string& root) {
    return !path.empty() && path.compare(0, root.size(), root) == 0;
  }

  /// The rules as written: filters, then the actor's scope, newest first.
  std::vector<int64_t> expected(const Actor& actor, const HistoryQuery& q) {
    std::vector<HistoryRecord> out;
    for (const auto& r : all_) {
      const HistoryEvent& e = r.event;
      if (q.from_ms && e.occurred_at_ms < *q.from_ms) continue;
      if (q.to_ms && e.occurred_at_ms >= *q.to_ms) continue;
      if (!q.kinds.empty() && std::find(q.kinds.begin(), q.kinds.end(), e.kind) == q.kinds.end()) continue;
      if (!q.management_group_ids.empty() &&
          (!e.management_group_id || std::find(q.management_group_ids.begin(), q.management_group_ids.end(),
                                               *e.management_group_id) == q.management_group_ids.end()))
        continue;
      if (!q.gate_ids.empty() &&
          (!e.gate_id || std::find(q.gate_ids.begin(), q.gate_ids.end(), *e.gate_id) == q.gate_ids.end()))
        continue;
      if (q.affiliation_id && !under(e.affiliation_path, pathOf(*q.affiliation_id))) continue;
      if (!q.user_id.empty() && e.user_id != q.user_id) continue;
      if (!q.code.empty() && e.code != q.code) continue;
      const Scope& scope = actor.scope();
      if (!scope.all_management_groups &&
          (!e.management_group_id || !actor.inManagementGroupScope(*e.management_group_id)))
        continue;
      if (!actor.inAffiliationScope(e.affiliation_path)) continue;
      out.push_back(r);
    }
    std::sort(out.begin(), out.end(), [](const HistoryRecord& a, const HistoryRecord& b) {
      return std::tie(a.event.occurred_at_ms, a.id) > std::tie(b.event.occurred_at_ms, b.id);
    });
    return ids(out);
  }

  std::vector<HistoryRecord> all_;  ///< the sample, as stored
};

TEST_P(HistorySearchTest, EveryFilterAndScopeOnBothPlansMatchesTheRules) {
  ASSERT_EQ(all_.size(), 72u);
  std::vector<std::pair<std::string, HistoryQuery>> queries;
  auto add = [&](const std::string& name, auto fill) {
    HistoryQuery q;
    q.limit = 7;
    fill(q);
    queries.emplace_back(name, q);
  };
  add("none", [](HistoryQuery&) {});
  add("time range", [](HistoryQuery& q) {
    q.from_ms = kNow - 10 * kMinute;  // inclusive
    q.to_ms = kNow - 3 * kMinute;     // exclusive
  });
  add("kind alarm", [](HistoryQuery& q) { q.kinds = {HistoryKind::Alarm}; });
  add("kinds access, gate operation", [](HistoryQuery& q) {
    q.kinds = {HistoryKind::Access, HistoryKind::GateOperation};
  });
  add("group 1", [](HistoryQuery& q) { q.management_group_ids = {1}; });
  add("gate 3", [](HistoryQuery& q) { q.gate_ids = {3}; });
  add("gates 1, 4", [](HistoryQuery& q) { q.gate_ids = {1, 4}; });
  add("affiliation 7 subtree", [](HistoryQuery& q) { q.affiliation_id = 7; });
  add("affiliation 42", [](HistoryQuery& q) { q.affiliation_id = 42; });
  add("affiliation 70", [](HistoryQuery& q) { q.affiliation_id = 70; });
  add("affiliation 1", [](HistoryQuery& q) { q.affiliation_id = 1; });
  add("user U2", [](HistoryQuery& q) { q.user_id = "U2"; });
  add("unknown user", [](HistoryQuery& q) { q.user_id = "nobody"; });
  add("code", [](HistoryQuery& q) { q.code = "denied_no_permission"; });
  add("combined", [](HistoryQuery& q) {
    q.management_group_ids = {1, 2};
    q.kinds = {HistoryKind::Access, HistoryKind::Alarm};
    q.affiliation_id = 1;
    q.from_ms = kNow - 20 * kMinute;
  });
  const std::vector<std::pair<std::string, Actor>> actors = {
      {"system", admin_},
      {"group 1", groupActor({1})},
      {"groups 1, 2", groupActor({1, 2})},
      {"affiliation /1/7/", affiliationActor({"/1/7/"})},
      {"affiliations /1/70/, /2/", affiliationActor({"/1/70/", "/2/"})},
      {"nested scope", affiliationActor({"/1/", "/1/7/"})},
  };
  // Forced time plan, forced term plan, and the default choice (PostgreSQL: its planner's).
  for (const auto& [planName, rows] : std::vector<std::pair<std::string, std::optional<int64_t>>>{
           {"time", 0}, {"terms", 1'000'000}, {"default", std::nullopt}}) {
    HistoryStoreOptions options;
    options.term_plan_rows = rows;
    HistoryStore s = store(options);
    for (const auto& [actorName, actor] : actors) {
      for (const auto& [queryName, query] : queries) {
        SCOPED_TRACE(planName + " plan, " + actorName + ", " + queryName);
        EXPECT_EQ(ids(allPages(s, actor, query)), expected(actor, query));
      }
    }
  }
}

TEST_P(HistorySearchTest, ScopesHideWhatLiesOutside) {
  HistoryStore s = store();
  HistoryQuery q;
  q.limit = 1000;
  const auto byGroup = s.query(groupActor({2}), q).records;
  ASSERT_FALSE(byGroup.empty());
  for (const auto& r : byGroup) EXPECT_EQ(r.event.management_group_id, 2);  // never an event without a group
  const auto everything = s.query(admin_, q).records;
  EXPECT_TRUE(std::any_of(everything.begin(), everything.end(),
                          [](const HistoryRecord& r) { return !r.event.management_group_id; }));
  // A group filter outside the scope finds nothing, not the filter's group.
  q.management_group_ids = {1};
  EXPECT_TRUE(s.query(groupActor({2}), q).records.empty());
  q.management_group_ids.clear();
  const auto byAffiliation = s.query(affiliationActor({"/1/7/"}), q).records;
  ASSERT_FALSE(byAffiliation.empty());
  for (const auto& r : byAffiliation) EXPECT_EQ(r.event.affiliation_path.rfind("/1/7/", 0), 0u);
  q.affiliation_id = 70;  // outside the scope
  EXPECT_TRUE(s.query(affiliationActor({"/1/7/"}), q).records.empty());
  q.affiliation_id = 1;  // contains the scope: only the scope's part
  EXPECT_EQ(ids(s.query(affiliationActor({"/1/7/"}), q).records), ids(byAffiliation));
  // No groups or no affiliations in scope: nothing at all.
  q.affiliation_id.reset();
  EXPECT_TRUE(s.query(groupActor({}), q).records.empty());
  EXPECT_TRUE(s.query(affiliationActor({}), q).records.empty());
}

TEST_P(HistoryStoreTest, KeysetPagingReturnsEveryRowOnceThroughTies) {
  std::vector<HistoryEvent> events;
  for (int64_t i = 0; i < 30; ++i) events.push_back(event(kNow - (i % 3 == 0 ? 0 : i / 10) * kMinute, 5, i + 1));
  HistoryStore first = store();
  first.append(events);
  for (std::optional<int64_t> rows :
       {std::optional<int64_t>{0}, std::optional<int64_t>{1'000'000}, std::optional<int64_t>{}}) {
    HistoryStoreOptions options;
    options.term_plan_rows = rows;
    HistoryStore s = store(options);
    HistoryQuery q;
    q.limit = 4;
    q.gate_ids = {5};
    const auto records = allPages(s, admin_, q);
    ASSERT_EQ(records.size(), 30u);
    const std::vector<int64_t> seen = ids(records);
    EXPECT_EQ(std::set<int64_t>(seen.begin(), seen.end()).size(), 30u);
    for (std::size_t i = 1; i < records.size(); ++i)
      EXPECT_GT(std::tie(records[i - 1].event.occurred_at_ms, records[i - 1].id),
                std::tie(records[i].event.occurred_at_ms, records[i].id));
    // Exactly a page's worth left: the last full page says there is nothing after it.
    q.limit = 10;
    const HistoryPage p1 = s.query(admin_, q);
    q.cursor = p1.next_cursor;
    const HistoryPage p2 = s.query(admin_, q);
    q.cursor = p2.next_cursor;
    const HistoryPage p3 = s.query(admin_, q);
    EXPECT_EQ(p3.records.size(), 10u);
    EXPECT_TRUE(p3.next_cursor.empty());
  }
}

TEST_P(HistoryStoreTest, DeepSubtreeIsFoundByItsRecordedPathsOrTheirAncestor) {
  execute(
      "INSERT INTO affiliations (id, code, name, parent_id, depth, path, updated_at_ms) VALUES (99, 'A99', 'A99',"
      " 42, 4, '/1/7/42/99/', :at)",
      {kNow});
  HistoryStore writer = store();
  int64_t seq = 0;
  auto at = [&](const std::string& path) {
    HistoryEvent e = event(kNow - seq * kMinute, 5, seq + 1);
    ++seq;
    e.affiliation_path = path;
    return e;
  };
  // Under 99: the affiliation itself and two teams; beside it: a sibling and the parent.
  writer.append({at("/1/7/42/99/"), at("/1/7/42/99/1/"), at("/1/7/42/99/2/"), at("/1/7/42/98/"), at("/1/7/42/")});
  HistoryQuery q;
  q.affiliation_id = 99;
  q.limit = 1000;
  for (std::optional<int64_t> rows :
       {std::optional<int64_t>{0}, std::optional<int64_t>{1'000'000}, std::optional<int64_t>{}}) {
    HistoryStoreOptions options;
    options.term_plan_rows = rows;
    EXPECT_EQ(store(options).query(admin_, q).records.size(), 3u);
  }
  // More recorded paths under it than a search names one by one: the ancestor's term serves.
  std::vector<HistoryEvent> teams;
  for (int n = 3; n < 3 + kHistoryMaxSubtreePaths; ++n) teams.push_back(at("/1/7/42/99/" + std::to_string(n) + "/"));
  writer.append(teams);
  for (std::optional<int64_t> rows :
       {std::optional<int64_t>{0}, std::optional<int64_t>{1'000'000}, std::optional<int64_t>{}}) {
    HistoryStoreOptions options;
    options.term_plan_rows = rows;
    const auto records = store(options).query(admin_, q).records;
    EXPECT_EQ(records.size(), 3u + kHistoryMaxSubtreePaths);
    for (const auto& r : records) EXPECT_EQ(r.event.affiliation_path.rfind("/1/7/42/99/", 0), 0u);
  }
}

TEST_P(HistoryStoreTest, HistoryRightIsRequired) {
  HistoryStore s = store();
  s.append({event(kNow, 5, 1)});
  AccessRights rights(OperatorType::GeneralAdministrator);
  rights.set(Right::History, AccessLevel::None);
  Scope all;
  all.all_management_groups = true;
  all.all_affiliations = true;
  const Actor without = Actor::forOperator(3, "no-history", rights, all);
  expectDomainError("forbidden", "history", [&] { s.query(without, {}); });
  std::ostringstream csv;
  expectDomainError("forbidden", "history", [&] { s.exportCsv(without, {}, csv); });
  rights.set(Right::History, AccessLevel::View);
  EXPECT_EQ(s.query(Actor::forOperator(3, "viewer", rights, all), {}).records.size(), 1u);
}

TEST_P(HistoryStoreTest, BadLimitCursorRangeOrAffiliationIsRefusedByName) {
  HistoryStore s = store();
  HistoryQuery q;
  q.limit = 0;
  expectDomainError("invalid", "limit", [&] { s.query(admin_, q); });
  q.limit = 1001;
  expectDomainError("invalid", "limit", [&] { s.query(admin_, q); });
  q.limit = 1000;
  q.cursor = "not-a-cursor";
  expectDomainError("invalid", "cursor", [&] { s.query(admin_, q); });
  q.cursor = encodeHistoryCursor({kNow, 12}) + "0";
  expectDomainError("invalid", "cursor", [&] { s.query(admin_, q); });
  q.cursor.clear();
  q.from_ms = kNow;
  q.to_ms = kNow;
  expectDomainError("invalid", "to_ms", [&] { s.query(admin_, q); });
  q.to_ms.reset();
  q.affiliation_id = 999;
  expectDomainError("not_found", "affiliation 999", [&] { s.query(admin_, q); });
  const auto cursor = decodeHistoryCursor(encodeHistoryCursor({-5, 77}));
  ASSERT_TRUE(cursor);
  EXPECT_EQ(cursor->occurred_at_ms, -5);
  EXPECT_EQ(cursor->id, 77);
}

// ---------------------------------------------------------------------------------------------
// Retention, export, CLI

TEST_P(HistoryStoreTest, PurgeKeepsExactlyTheRetentionInBatches) {
  HistoryStoreOptions options;
  options.purge_batch_rows = 2;
  HistoryStore s = store(options);
  const int64_t historyCutoff = kNow - 1100 * kDay;
  std::vector<HistoryEvent> events;
  int64_t seq = 0;
  for (int64_t at : {historyCutoff, historyCutoff + 1, kNow, historyCutoff - 1, historyCutoff - 1, historyCutoff - kDay,
                     historyCutoff - 900 * kDay, historyCutoff - 2}) {
    HistoryEvent e = event(at, 5, ++seq);
    e.user_id = at < historyCutoff ? "old" : "kept";
    e.affiliation_path = "/1/7/";
    events.push_back(e);
  }
  s.append(events);
  const int64_t logCutoff = kNow - 400 * kDay;
  for (int64_t at : {logCutoff, logCutoff - 1, kNow, logCutoff - 5 * kDay})
    execute(
        "INSERT INTO system_log (at_ms, actor, category, action, outcome, detail) VALUES (:at, 'test', 'system',"
        " 'test', 'ok', '')",
        {at});

  const PurgeResult result = s.purge(kNow);
  EXPECT_EQ(result.history_events, 5);
  EXPECT_EQ(result.system_log, 2);
  EXPECT_EQ(count("SELECT COUNT(*) AS n FROM history_events"), 3);
  EXPECT_EQ(count("SELECT MIN(occurred_at_ms) AS m FROM history_events"), historyCutoff);
  EXPECT_EQ(count("SELECT MIN(at_ms) AS m FROM system_log"), logCutoff);
  // The search terms of purged rows are gone with them.
  for (std::optional<int64_t> rows :
       {std::optional<int64_t>{0}, std::optional<int64_t>{1'000'000}, std::optional<int64_t>{}}) {
    HistoryStoreOptions searchOptions;
    searchOptions.term_plan_rows = rows;
    HistoryStore search = store(searchOptions);
    HistoryQuery q;
    q.user_id = "old";
    EXPECT_TRUE(search.query(admin_, q).records.empty());
    q.user_id = "kept";
    q.affiliation_id = 7;
    EXPECT_EQ(search.query(admin_, q).records.size(), 3u);
  }
  if (GetParam() == "sqlite") {
    EXPECT_NO_THROW(execute("INSERT INTO history_event_terms (history_event_terms) VALUES ('integrity-check')"));
  }
  EXPECT_EQ(s.purge(kNow).history_events, 0);
}

TEST_P(HistoryStoreTest, CsvExportHasHeaderQuotingLocalTimesAndEveryPage) {
  HistoryStore s = store();
  std::vector<HistoryEvent> events;
  for (int64_t i = 0; i < 1003; ++i) events.push_back(event(kNow - i * kMinute, 5, i + 1));
  events[0].user_id = "U1";
  events[0].user_name = "Doe, \"Jo\"";
  events[0].detail = "line one\nline two";
  events[0].direction = Direction::Entry;
  s.append(events);
  std::ostringstream out;
  s.exportCsv(admin_, {}, out);
  const std::string csv = out.str();
  std::string header;
  for (const auto& column : historyCsvHeader()) header += (header.empty() ? "" : ",") + column;
  EXPECT_EQ(csv.substr(0, csv.find("\r\n")), header);
  const std::size_t firstRow = csv.find("\r\n") + 2;
  const std::string first = csv.substr(firstRow, csv.find("\r\n", firstRow) - firstRow);
  EXPECT_NE(first.find(",access," + formatLocalIsoTime(kNow) + ","), std::string::npos) << first;
  EXPECT_NE(csv.find(",\"Doe, \"\"Jo\"\"\","), std::string::npos);
  EXPECT_NE(csv.find(",entry,granted,\"line one\nline two\",0,0\r\n"), std::string::npos);
  EXPECT_TRUE(
      std::regex_match(formatLocalIsoTime(kNow), std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d)")));
  std::size_t rows = 0;
  for (std::size_t at = csv.find("\r\n"); at != std::string::npos; at = csv.find("\r\n", at + 2)) ++rows;
  EXPECT_EQ(rows, 1004u);  // header and 1,003 events over two pages
}

TEST_P(HistoryStoreTest, CommandsPurgeAndExportWithUsageAndInputErrors) {
  HistoryStore s = store();
  HistoryEvent alarm = event(kNow - kDay, 5, 1, "tamper");
  alarm.kind = HistoryKind::Alarm;
  s.append({event(kNow - 2 * kDay, 5, 2), alarm, event(kNow - 1200 * kDay, 5, 3)});
  std::ostringstream out, err;
  auto run = [&](std::vector<std::string> args) {
    out.str("");
    err.str("");
    return runHistoryCommand(args, *db_, clock_, out, err);
  };
  EXPECT_EQ(run({"history"}), 64);
  EXPECT_EQ(run({"history", "export"}), 64);
  EXPECT_EQ(run({"history", "export", "x.csv", "--since", "2025-01-01"}), 64);
  EXPECT_EQ(run({"history", "export", "x.csv", "--from"}), 64);
  EXPECT_EQ(run({"history", "purge", "now"}), 64);
  EXPECT_EQ(run({"history", "export", "x.csv", "--from", "2025-13-01"}), 65);
  EXPECT_NE(err.str().find("--from '2025-13-01'"), std::string::npos) << err.str();
  EXPECT_EQ(run({"history", "export", "x.csv", "--kind", "access,door"}), 65);
  EXPECT_NE(err.str().find("--kind 'door'"), std::string::npos) << err.str();
  EXPECT_EQ(run({"history", "export", "x.csv", "--from", "2025-02-01", "--to", "2025-01-01"}), 65);
  test::TempDir dir;
  EXPECT_EQ(run({"history", "export", (dir.path() / "missing" / "x.csv").string()}), 65);
  EXPECT_NE(err.str().find("FILE"), std::string::npos) << err.str();

  const auto file = dir.path() / "alarms.csv";
  EXPECT_EQ(run({"history", "export", file.string(), "--kind", "alarm", "--from",
                 formatLocalIsoTime(kNow - 3 * kDay).substr(0, 19)}),
            0)
      << err.str();
  std::ifstream in(file, std::ios::binary);
  const std::string csv((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 2) << csv;
  EXPECT_NE(csv.find(",tamper,"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(file.string() + ".partial"));

  EXPECT_EQ(run({"history", "export", "-", "--kind", "access"}), 0);
  const std::string accessCsv = out.str();
  EXPECT_EQ(std::count(accessCsv.begin(), accessCsv.end(), '\n'), 3);

  EXPECT_EQ(run({"history", "purge"}), 0) << err.str();
  EXPECT_EQ(out.str(), "purged 1 history events older than 1100 days and 0 system log entries older than 400 days\n");
}

INSTANTIATE_TEST_SUITE_P(Backends, HistoryStoreTest, ::testing::Values("sqlite", "postgresql"),
                         [](const ::testing::TestParamInfo<std::string>& param) { return param.param; });
INSTANTIATE_TEST_SUITE_P(Backends, HistorySearchTest, ::testing::Values("sqlite", "postgresql"),
                         [](const ::testing::TestParamInfo<std::string>& param) { return param.param; });

// ---------------------------------------------------------------------------------------------
// Pure helpers

using ::monban::host::test::LocalTimeZone;

TEST(HistoryTime, FormatsAndReadsIsoTimes) {
  LocalTimeZone tokyo("JST-9");
  EXPECT_EQ(formatLocalIsoTime(0), "1970-01-01T09:00:00.000+09:00");
  EXPECT_EQ(formatLocalIsoTime(1'767'225'600'123), "2026-01-01T09:00:00.123+09:00");
  EXPECT_EQ(formatLocalIsoTime(-1), "1970-01-01T08:59:59.999+09:00");
  EXPECT_EQ(parseIsoTime("1970-01-01T09:00"), 0);
  EXPECT_EQ(parseIsoTime("1970-01-01 09:00:01"), 1000);
  EXPECT_EQ(parseIsoTime("1970-01-02"), 15 * 3'600'000);
  EXPECT_EQ(parseIsoTime("2026-01-01T00:00:00Z"), 1'767'225'600'000);
  EXPECT_EQ(parseIsoTime("2026-01-01T09:00:00.123+09:00"), 1'767'225'600'123);
  EXPECT_EQ(parseIsoTime("2025-12-31T19:30:00-0430"), 1'767'225'600'000);
  EXPECT_TRUE(parseIsoTime("2024-02-29"));
  for (const char* bad : {"", "2025-02-29", "2025-04-31", "2025-4-01", "2025-04-01T24:00", "2025-04-01T10:60",
                          "2025-04-01T10:00+25:00", "2025-04-01T10:00:00.5", "2025-04-01X", "tomorrow"})
    EXPECT_FALSE(parseIsoTime(bad)) << bad;
}

TEST(HistoryTerms, PathDepthPrefixesAndTermsPerEvent) {
  EXPECT_EQ(affiliationPathDepth("/1/7/"), 2);
  EXPECT_EQ(affiliationPathDepth("/"), 0);
  EXPECT_EQ(affiliationPathDepth(""), 0);
  EXPECT_EQ(affiliationPathPrefix("/1/7/42/", 2), "/1/7/");
  EXPECT_EQ(affiliationPathPrefix("/1/7/42/", 5), "/1/7/42/");
  HistoryEvent e = event(kNow, 5, 1);
  e.affiliation_path = "/1/2/3/4/5/";
  e.user_id = "U1";
  const std::vector<int64_t> terms = historyTerms(e);
  const auto has = [&](int64_t term) { return std::find(terms.begin(), terms.end(), term) != terms.end(); };
  EXPECT_FALSE(has(historyTerm(HistoryTermTag::Kind, 1)));  // access: never searched by term
  EXPECT_TRUE(has(historyTerm(HistoryTermTag::Gate, 5)));
  EXPECT_TRUE(has(historyTerm(HistoryTermTag::Group, 1)));
  for (const char* path : {"/1/2/3/4/5/", "/1/", "/1/2/", "/1/2/3/"})
    EXPECT_TRUE(has(historyTextTerm(HistoryTermTag::Affiliation, path))) << path;
  EXPECT_FALSE(has(historyTextTerm(HistoryTermTag::Affiliation, "/1/2/3/4/")));  // deeper: named by recorded paths
  EXPECT_TRUE(has(historyTextTerm(HistoryTermTag::User, "U1")));
  EXPECT_TRUE(has(historyTextTerm(HistoryTermTag::Code, "granted")));
  EXPECT_EQ(historyTermWord(historyTerm(HistoryTermTag::Gate, 255)), "gff");
  std::string text;
  appendHistoryTermsArray({1, -2}, text);
  EXPECT_EQ(text, "{1,-2}");
}

TEST(HistoryCursor, IsOpaqueAndStrict) {
  const std::string text = encodeHistoryCursor({1'767'225'600'000, 42});
  EXPECT_EQ(decodeHistoryCursor(text)->id, 42);
  EXPECT_FALSE(decodeHistoryCursor(text.substr(1)));
  EXPECT_FALSE(decodeHistoryCursor("H" + text.substr(1)));
  std::string upper = text;
  upper[5] = 'G';
  EXPECT_FALSE(decodeHistoryCursor(upper));
}

}  // namespace
}  // namespace monban::host::domain
