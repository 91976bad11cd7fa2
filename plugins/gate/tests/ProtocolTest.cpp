// The controller protocol: frames, authentication, replay protection, payloads and tables.
#include <gtest/gtest.h>

#include "monban/controller/Frame.h"
#include "monban/controller/Messages.h"
#include "monban/controller/Tables.h"

using namespace monban::controller;
using monban::access::CardHolder;

namespace {

const Key256& secret() {
  static const Key256 s = deriveInstallationSecret("test-controller-password");
  return s;
}

FrameHeader request(uint64_t counter) {
  FrameHeader h;
  h.type = MessageType::StatusPoll;
  h.controller_id = 7;
  h.counter = counter;
  h.request_id = 42;
  return h;
}

}  // namespace

TEST(ControllerFrame, RoundTripsAndAuthenticates) {
  const FrameKeys keys = deriveFrameKeys(secret(), 7, 0);
  const std::vector<uint8_t> payload = {1, 2, 3};
  const auto frame = encodeFrame(request(5), payload, keys);
  EXPECT_EQ(frame.size(), kHeaderSize + payload.size() + kMacSize);
  const FrameHeader h = peekHeader(frame);
  EXPECT_EQ(h.controller_id, 7u);
  EXPECT_EQ(h.counter, 5u);
  EXPECT_EQ(h.request_id, 42u);
  const auto body = authenticateFrame(frame, h, keys);
  EXPECT_EQ(std::vector<uint8_t>(body.begin(), body.end()), payload);
}

TEST(ControllerFrame, RefusesTamperedTruncatedOversizedAndForeignFrames) {
  const FrameKeys keys = deriveFrameKeys(secret(), 7, 0);
  auto frame = encodeFrame(request(5), std::vector<uint8_t>{9, 9}, keys);
  auto tampered = frame;
  tampered[kHeaderSize] ^= 1;  // one payload bit
  EXPECT_THROW(authenticateFrame(tampered, peekHeader(tampered), keys), ProtocolError);
  EXPECT_THROW(peekHeader(std::span(frame).first(frame.size() - 1)), ProtocolError);  // length mismatch
  EXPECT_THROW(peekHeader(std::span(frame).first(10)), ProtocolError);                // truncated
  std::vector<uint8_t> oversized(kMaxFrameSize + 1, 0);
  EXPECT_THROW(peekHeader(oversized), ProtocolError);
  EXPECT_THROW(encodeFrame(request(1), std::vector<uint8_t>(kMaxPayloadSize + 1), keys), ProtocolError);
  // Another controller's keys, or the other direction's, never authenticate it.
  EXPECT_THROW(authenticateFrame(frame, peekHeader(frame), deriveFrameKeys(secret(), 8, 0)), ProtocolError);
  FrameHeader reflected = peekHeader(frame);
  reflected.flags |= kFlagToServer;
  EXPECT_THROW(authenticateFrame(frame, reflected, keys), ProtocolError);
  // A different password gives different keys.
  EXPECT_THROW(
      authenticateFrame(frame, peekHeader(frame), deriveFrameKeys(deriveInstallationSecret("another-password!"), 7, 0)),
      ProtocolError);
  auto badMagic = frame;
  badMagic[0] = 'X';
  EXPECT_THROW(peekHeader(badMagic), ProtocolError);
}

TEST(ControllerFrame, ReplayWindowAcceptsEachCounterOnce) {
  ReplayWindow w;
  EXPECT_TRUE(w.accept(100));
  EXPECT_FALSE(w.accept(100));  // replay
  EXPECT_TRUE(w.accept(98));    // reordered, inside the window
  EXPECT_FALSE(w.accept(98));
  EXPECT_TRUE(w.accept(200));
  EXPECT_FALSE(w.accept(100));  // older than the window
  EXPECT_TRUE(w.accept(199));
}

TEST(ControllerFrame, KeyChangeSealsTheNewSecretUnderTheOldKey) {
  const FrameKeys old = deriveFrameKeys(secret(), 7, 0);
  const Key256 next = deriveInstallationSecret("the-next-password");
  const auto sealed = sealSecret(old.to_controller, next);
  Key256 opened{};
  ASSERT_TRUE(openSecret(old.to_controller, sealed, opened));
  EXPECT_EQ(opened, next);
  auto broken = sealed;
  broken[20] ^= 1;
  EXPECT_FALSE(openSecret(old.to_controller, broken, opened));
  EXPECT_FALSE(openSecret(old.to_server, sealed, opened));
}

TEST(ControllerMessages, StatusEventsAndCommandsRoundTrip) {
  ControllerStatus s;
  s.lock = 1;
  s.guard = 1;
  s.alarms = kAlarmTamper;
  s.verification_mode = "card_and_pin";
  s.unlock_mode = "schedule";
  s.clock_ms = 1'795'000'000'000;
  s.first_seq = 10;
  s.oldest_seq = 12;
  s.next_seq = 20;
  const ControllerStatus back = decodeStatus(encodeStatus(s));
  EXPECT_EQ(back.lock, 1);
  EXPECT_EQ(back.alarms, kAlarmTamper);
  EXPECT_EQ(back.verification_mode, "card_and_pin");
  EXPECT_EQ(back.next_seq, 20u);

  std::vector<EventRecord> events;
  for (uint64_t i = 1; i <= 100; ++i)
    events.push_back({i, 1000 + static_cast<int64_t>(i), 1, 1, "granted", "0123456789ABCDEF", 5, "detail"});
  ByteWriter w;
  const std::size_t n = encodeEvents(events, 0, kMaxPayloadSize, w);
  EXPECT_GT(n, 10u);
  EXPECT_LT(n, 100u);  // the rest goes in the next frame
  const auto batch = decodeEvents(w.data());
  ASSERT_EQ(batch.events.size(), n);
  EXPECT_EQ(batch.events[3], events[3]);

  // Sequence numbers must rise; trailing bytes are refused.
  ByteWriter bad;
  encodeEvents({events[1], events[0]}, 0, kMaxPayloadSize, bad);
  EXPECT_THROW(decodeEvents(bad.data()), ProtocolError);
  auto trailing = w.data();
  trailing.push_back(0);
  EXPECT_THROW(decodeEvents(trailing), ProtocolError);

  const CommandRequest c = decodeCommand(encodeCommand({CommandKind::SetUnlockMode, "always_unlocked", 77}));
  EXPECT_EQ(c.kind, CommandKind::SetUnlockMode);
  EXPECT_EQ(c.value, "always_unlocked");
  EXPECT_EQ(c.expires_at_ms, 77);
}

TEST(ControllerTables, PermissionEntriesAreCompactAndCanonical) {
  CardHolder h{"0123456789ABCDEF", 123456, 20260401, 20310331, 2, "1234"};
  EXPECT_EQ(encodedEntrySize(h), 20u);  // within the 24-byte target
  CardTable cards;
  cards[h.card] = h;
  CardHolder other{"card-b", 9, 0, 0, 1, ""};
  cards[other.card] = other;
  const auto bytes = encodePermissions(cards);
  const CardTable back = decodePermissions(bytes);
  EXPECT_EQ(back.at(h.card), h);
  EXPECT_EQ(back.at(other.card), other);
  // Equal tables, equal bytes, whatever the insertion order.
  CardTable reversed;
  reversed[other.card] = other;
  reversed[h.card] = h;
  EXPECT_EQ(encodePermissions(reversed), bytes);

  PermissionDelta d;
  d.base_version = 1;
  d.new_version = 2;
  d.removals = {"card-b"};
  d.upserts = {CardHolder{"NEWCARD1", 10, 0, 0, 3, ""}};
  CardTable changed = back;
  applyDelta(changed, decodeDelta(encodeDelta(d)));
  EXPECT_EQ(changed.size(), 2u);
  EXPECT_EQ(changed.count("card-b"), 0u);
  EXPECT_EQ(changed.at("NEWCARD1").passable_level, 3);
}

TEST(ControllerTables, CalendarScheduleAndParametersRoundTrip) {
  monban::access::CalendarRules c;
  c.weekly = {1, 1, 1, 1, 1, 2, 2};
  c.annual[101] = 2;
  c.days[20261224] = 3;
  const auto back = decodeCalendar(encodeCalendar(c));
  EXPECT_EQ(back.weekly, c.weekly);
  EXPECT_EQ(back.annual, c.annual);
  EXPECT_EQ(back.days, c.days);

  std::vector<monban::access::TimeBand> bands = {{1, 480, 1080, monban::access::DoorMode::Unlocked, 3, "card"}};
  bool has = false;
  std::vector<monban::access::TimeBand> out;
  decodeSchedule(encodeSchedule(true, bands), has, out);
  EXPECT_TRUE(has);
  EXPECT_EQ(out, bands);
  // An overlapping schedule is refused as a whole.
  bands.push_back({1, 600, 700, monban::access::DoorMode::Card, 1, "card"});
  EXPECT_THROW(decodeSchedule(encodeSchedule(true, bands), has, out), ProtocolError);

  GateParameters p;
  p.settings.unlock_mode = "always_locked";
  p.anti_passback = {true, 4};
  EXPECT_EQ(decodeGateParameters(encodeGateParameters(p)), p);
  CardParameters card{"mifare", "blocks", 16, 8};
  EXPECT_EQ(decodeCardParameters(encodeCardParameters(card)), card);
  EXPECT_THROW(decodeCardParameters(encodeCardParameters({"nfc", "uid", 0, 8})), ProtocolError);
}
