// The controller protocol: frames, authentication, replay protection, payloads and tables.
#include <gtest/gtest.h>

#include <cstdio>

#include "monban/controller/Deflate.h"
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

namespace {

// What the driver sees from the usual access events: the same sentence with another user.
std::vector<EventRecord> accessEvents(uint64_t count) {
  std::vector<EventRecord> events;
  for (uint64_t i = 1; i <= count; ++i) {
    const std::string user = std::to_string(100000 + i * 7919 % 200000);
    char card[17];
    std::snprintf(card, sizeof card, "%016llX", static_cast<unsigned long long>(i * 2654435761u % 300000));
    events.push_back({1'795'000'000'000 + i, 1'795'000'000'000 + static_cast<int64_t>(i * 37), 1,
                      static_cast<uint8_t>(1 + i % 2), i % 5 == 0 ? "denied_no_permission" : "granted", card,
                      static_cast<int64_t>(100000 + i),
                      "card of user " + user + " passes: the gate has no schedule: locked, opens for a credential"});
  }
  return events;
}

std::vector<uint8_t> deflatedBatch(std::size_t announced, std::span<const uint8_t> inflated) {
  ByteWriter w;
  w.u8(static_cast<uint8_t>(EventForm::Deflated));
  w.u16(announced);
  w.bytes(deflateRaw(inflated));
  return w.take();
}

std::string decodeError(const std::vector<uint8_t>& body) {
  try {
    decodeEvents(body);
  } catch (const ProtocolError& e) {
    return e.what();
  }
  return "accepted";
}

}  // namespace

TEST(ControllerMessages, DeflatedEventBatchesCarrySeveralTimesTheEvents) {
  const std::vector<EventRecord> events = accessEvents(300);
  ByteWriter plain;
  const std::size_t plainCount = encodeEvents(events, 0, kMaxPayloadSize, plain);
  ByteWriter deflated;
  const std::size_t deflatedCount = encodeEvents(events, 0, kMaxPayloadSize, deflated, EventForm::Deflated);
  EXPECT_EQ(plain.data()[0], 0);
  EXPECT_EQ(deflated.data()[0], 1);
  EXPECT_LE(deflated.data().size(), kMaxPayloadSize);
  EXPECT_GE(deflatedCount, 5 * plainCount) << plainCount << " plain, " << deflatedCount << " deflated";
  const EventBatch back = decodeEvents(deflated.data());
  ASSERT_EQ(back.events.size(), deflatedCount);
  for (std::size_t i = 0; i < deflatedCount; ++i) EXPECT_EQ(back.events[i], events[i]) << i;

  // From the middle on, and with room for one record only: plain, since deflate holds no more.
  ByteWriter rest;
  const std::size_t restCount = encodeEvents(events, 250, kMaxPayloadSize, rest, EventForm::Deflated);
  EXPECT_EQ(restCount, 50u);
  EXPECT_EQ(decodeEvents(rest.data()).events.front(), events[250]);
  ByteWriter few;
  EXPECT_EQ(encodeEvents(events, 0, 140, few, EventForm::Deflated), 1u);
  EXPECT_EQ(few.data()[0], 0);

  // When everything fits plain, deflate is not tried.
  ByteWriter two;
  EXPECT_EQ(encodeEvents(events, 298, kMaxPayloadSize, two, EventForm::Deflated), 2u);
  EXPECT_EQ(two.data()[0], 0);
}

TEST(ControllerMessages, BrokenDeflatedBatchesAreRefusedByWhatIsWrong) {
  ByteWriter records;
  const std::vector<EventRecord> events = accessEvents(3);
  encodeEvents(events, 0, kMaxPayloadSize, records);
  const std::span<const uint8_t> inflated = std::span<const uint8_t>(records.data()).subspan(1);  // count + records
  ASSERT_EQ(decodeEvents(deflatedBatch(inflated.size(), inflated)).events, events);

  EXPECT_NE(decodeError(deflatedBatch(inflated.size() + 1, inflated))
                .find("inflates to " + std::to_string(inflated.size()) + " bytes, announced"),
            std::string::npos);
  auto cut = deflatedBatch(inflated.size(), inflated);
  cut.resize(cut.size() - 4);
  EXPECT_NE(decodeError(cut).find("ends early"), std::string::npos);
  EXPECT_NE(decodeError(deflatedBatch(inflated.size() - 1, inflated)).find("more than the announced"),
            std::string::npos);
  EXPECT_NE(decodeError(deflatedBatch(0, inflated)).find("announces 0 bytes"), std::string::npos);

  auto trailing = deflatedBatch(inflated.size(), inflated);
  trailing.push_back(0x55);
  EXPECT_NE(decodeError(trailing).find("after the end of the deflate data"), std::string::npos);

  auto broken = deflatedBatch(inflated.size(), inflated);
  broken[3] = 0xFF;  // block type 3 does not exist
  broken[4] ^= 0xFF;
  EXPECT_NE(decodeError(broken).find("deflated event batch"), std::string::npos);

  // Inflated bytes are checked like plain ones: a record cut short, a byte left over.
  std::vector<uint8_t> extra(inflated.begin(), inflated.end());
  extra.push_back(0);
  EXPECT_NE(decodeError(deflatedBatch(extra.size(), extra)).find("trailing"), std::string::npos);

  // A megabyte of zeros announced as 100 bytes stops at 100: a small frame cannot expand further.
  const std::vector<uint8_t> zeros(1 << 20, 0);
  EXPECT_NE(decodeError(deflatedBatch(100, zeros)).find("more than the announced 100"), std::string::npos);

  EXPECT_NE(decodeError({2, 0}).find("form 2"), std::string::npos);
}

TEST(ControllerMessages, PassbackPlacesGoInRunsThatFitAFrame) {
  std::vector<std::pair<int64_t, bool>> places;
  for (int64_t user = 1; user <= 1000; ++user) places.emplace_back(user * 1000, user % 3 == 0);
  std::vector<std::pair<int64_t, bool>> received;
  std::size_t sent = 0;
  int runs = 0;
  while (sent < places.size()) {
    ByteWriter w;
    const std::size_t run = encodePassbackPlaces(sent == 0, std::span(places).subspan(sent), kMaxPayloadSize, w);
    ASSERT_GT(run, 0u);
    ASSERT_LE(w.data().size(), kMaxPayloadSize);
    const PassbackPlaces decoded = decodePassbackPlaces(w.data());
    EXPECT_EQ(decoded.forget_first, sent == 0);  // only the first run clears the controller's places
    received.insert(received.end(), decoded.places.begin(), decoded.places.end());
    sent += run;
    ++runs;
  }
  EXPECT_EQ(received, places);
  EXPECT_EQ(runs, 3);  // 4 bytes a user (3-byte user numbers): about 350 a frame

  const auto refusal = [](std::vector<uint8_t> bytes) {
    try {
      decodePassbackPlaces(bytes);
    } catch (const ProtocolError& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  EXPECT_NE(refusal({2, 0, 0}).find("unknown flags 2"), std::string::npos);
  EXPECT_NE(refusal({0, 0, 1, 0, 1}).find("user 0 out of range"), std::string::npos);
  EXPECT_NE(refusal({0, 0, 1, 5, 2}).find("neither 0 (outside) nor 1 (inside)"), std::string::npos);
  EXPECT_NE(refusal({0, 0, 2, 5, 1}).find("passback places"), std::string::npos);     // one place short
  EXPECT_NE(refusal({0, 0, 1, 5, 1, 9}).find("passback places"), std::string::npos);  // a byte left over
  EXPECT_EQ(refusal({1, 0, 0}), "accepted");                                          // forget every place, none given
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
