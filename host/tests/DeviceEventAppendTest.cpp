// The binary event path of the domain service (monban_domain_service::append_events), called
// through the C table exactly as a device plugin calls it.
#include <map>
#include <string>
#include <vector>

#include "DomainTestSupport.h"
#include "monban/host/PluginContext.h"
#include "monban/host/ServiceRegistry.h"
#include "monban/host/api/DomainApi.h"
#include "monban/host/api/DomainServiceTable.h"

namespace monban::host::domain::test {
namespace {

class DeviceEventAppendTest : public DomainTest {
protected:
  DeviceEventAppendTest() : api_(domain(), [] { return Poco::JSON::Object(); }) {
    context_.plugin_id = "gate";
    context_.services = &services_;
  }

  struct Reply {
    std::map<int64_t, int64_t> committed;
    std::string error;
  };

  monban_status append(const std::vector<monban_device_event>& events, Reply& reply,
                       uint64_t eventSize = sizeof(monban_device_event)) {
    return table().append_events(&context_, events.data(), events.size(), eventSize, &onCommitted, &onError, &reply);
  }

  static void onCommitted(void* user, int64_t controller, int64_t seq) {
    static_cast<Reply*>(user)->committed[controller] = seq;
  }
  static void onError(void* user, int32_t, const char* data, uint64_t size) {
    static_cast<Reply*>(user)->error.assign(data, size);
  }

  static const monban_domain_service& table() { return api::domainServiceTable(); }

  static monban_device_event event(int64_t controller, int64_t seq, int64_t gate, int64_t user, const char* code) {
    monban_device_event e{};
    e.occurred_at_ms = 1'767'225'600'000 - 1000;
    e.controller_id = controller;
    e.event_seq = seq;
    e.gate_id = gate;
    e.user_ref = user;
    e.kind = MONBAN_HISTORY_ACCESS;
    e.direction = MONBAN_DIRECTION_ENTRY;
    e.card_data = "00000000000000A1";
    e.code = code;
    return e;
  }

  ServiceRegistry registry_;
  api::DomainApi api_;
  HostServices services_{clock_, *bus_, registry_, db_.get(), nullptr, &api_, {}};
  monban_plugin_context context_;
};

TEST_P(DeviceEventAppendTest, StoresFilledInEventsAndReportsCommittedSeqPerController) {
  const auto g = gate("G1", group("MG1").id);
  affiliation("QA");
  const auto u = domain().users().create(admin(), user("t001", "QA", {"00000000000000A1"}, {"G1"}));
  Reply reply;
  ASSERT_EQ(append({event(7, 1, g.id, u.id, "granted"), event(7, 2, g.id, u.id, "denied_schedule"),
                    event(8, 5, g.id, 0, "granted")},
                   reply),
            MONBAN_OK)
      << reply.error;
  EXPECT_EQ(reply.committed, (std::map<int64_t, int64_t>{{7, 2}, {8, 5}}));
  // The user's ID, name and affiliation and the gate's group were filled in by the host.
  EXPECT_EQ(count("SELECT COUNT(*) AS n FROM history_events WHERE user_id = 't001' AND user_name = 'Name t001'"
                  " AND affiliation_path IS NOT NULL AND management_group_id IS NOT NULL AND direction = 1"),
            2);
  // A redelivered event is acknowledged again but stored once.
  Reply again;
  ASSERT_EQ(append({event(7, 2, g.id, u.id, "denied_schedule"), event(7, 3, g.id, u.id, "granted")}, again), MONBAN_OK);
  EXPECT_EQ(again.committed.at(7), 3);
  EXPECT_EQ(count("SELECT COUNT(*) AS n FROM history_events"), 4);
}

TEST_P(DeviceEventAppendTest, FactsKeptFromEarlierBatchesFollowEveryUserChange) {
  const auto g = gate("G1", group("MG1").id);
  affiliation("QA");
  affiliation("HR");
  auto u = domain().users().create(admin(), user("t001", "QA", {}, {"G1"}));
  Reply first;
  ASSERT_EQ(append({event(7, 1, g.id, u.id, "granted")}, first), MONBAN_OK) << first.error;
  // Renamed and moved: the next batch names the user as they are now.
  u.name = "Renamed";
  u.affiliation_code = "HR";
  u = domain().users().update(admin(), u);
  Reply second;
  ASSERT_EQ(append({event(7, 2, g.id, u.id, "granted")}, second), MONBAN_OK) << second.error;
  EXPECT_EQ(count("SELECT COUNT(*) AS n FROM history_events WHERE event_seq = 1 AND user_name = 'Name t001'"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) AS n FROM history_events h JOIN affiliations a ON a.id = h.affiliation_id"
                  " WHERE h.event_seq = 2 AND h.user_name = 'Renamed' AND a.code = 'HR'"),
            1);
  // Deleted: later events keep the card but name nobody.
  domain().users().remove(admin(), u.id);
  Reply third;
  ASSERT_EQ(append({event(7, 3, g.id, u.id, "granted")}, third), MONBAN_OK) << third.error;
  EXPECT_EQ(count("SELECT COUNT(*) AS n FROM history_events WHERE event_seq = 3 AND user_ref IS NULL"
                  " AND user_id IS NULL AND card_data = '00000000000000A1'"),
            1);
}

TEST_P(DeviceEventAppendTest, BadEventIsRefusedByItsPlaceAndNothingIsStored) {
  Reply reply;
  EXPECT_EQ(append({event(7, 1, 0, 0, "granted"), event(7, 2, 0, 0, "")}, reply), MONBAN_ERR_INVALID_ARGUMENT);
  EXPECT_NE(reply.error.find("events[1].code is empty"), std::string::npos) << reply.error;
  EXPECT_TRUE(reply.committed.empty());
  monban_device_event badKind = event(7, 3, 0, 0, "granted");
  badKind.kind = 9;
  Reply kindReply;
  EXPECT_EQ(append({badKind}, kindReply), MONBAN_ERR_INVALID_ARGUMENT);
  EXPECT_NE(kindReply.error.find("events[0].kind 9"), std::string::npos) << kindReply.error;
  monban_device_event seqOnly = event(0, 4, 0, 0, "granted");
  Reply seqReply;
  EXPECT_EQ(append({seqOnly}, seqReply), MONBAN_ERR_INVALID_ARGUMENT);
  EXPECT_NE(seqReply.error.find("events[0].event_seq"), std::string::npos) << seqReply.error;
  EXPECT_EQ(count("SELECT COUNT(*) AS n FROM history_events"), 0);
  // A struct smaller than the first published one cannot be read.
  Reply sizeReply;
  EXPECT_EQ(append({event(7, 1, 0, 0, "granted")}, sizeReply, sizeof(monban_device_event) - 8),
            MONBAN_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(count("SELECT COUNT(*) AS n FROM history_events"), 0);
}

TEST_P(DeviceEventAppendTest, LargerStructsOfLaterMinorsAreReadByTheirStride) {
  // A plugin built against a later minor passes bigger elements; the host reads what it knows.
  struct Later {
    monban_device_event event;
    int64_t appended_member;
  };
  std::vector<Later> events = {{event(9, 1, 0, 0, "granted"), -1}, {event(9, 2, 0, 0, "tamper"), -1}};
  Reply reply;
  ASSERT_EQ(
      table().append_events(&context_, &events[0].event, events.size(), sizeof(Later), &onCommitted, &onError, &reply),
      MONBAN_OK)
      << reply.error;
  EXPECT_EQ(reply.committed.at(9), 2);
  EXPECT_EQ(count("SELECT COUNT(*) AS n FROM history_events WHERE code = 'tamper' AND event_seq = 2"), 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, DeviceEventAppendTest, ::testing::Values("sqlite", "postgresql"),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

}  // namespace
}  // namespace monban::host::domain::test
