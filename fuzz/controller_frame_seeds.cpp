// Writes the seed corpus of controller_frame_fuzz (fuzz/corpus/controller_frame/): one small valid
// input per decoder, so the fuzzer starts behind the MAC and inside every payload format instead of
// having to find them. Rerun it when a payload format changes:
//   build/fuzz/fuzz/monban_controller_frame_seeds fuzz/corpus/controller_frame
// The input layout, password and controller id are those of controller_frame_fuzz.cpp.
#include <cstdio>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "monban/controller/Frame.h"
#include "monban/controller/Messages.h"
#include "monban/controller/Tables.h"

using namespace monban::controller;
namespace access = monban::access;

namespace {

using Bytes = std::vector<uint8_t>;

constexpr uint8_t kRouteWire = 0x00;
constexpr uint8_t kRouteSealed = 0x01;
constexpr uint32_t kControllerId = 7;
constexpr uint8_t kRequest = 0;
constexpr uint8_t kAnswer = kFlagResponse | kFlagToServer;

void write(const std::string& dir, const std::string& name, const Bytes& bytes) {
  std::ofstream out(dir + "/" + name, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw std::runtime_error("cannot write " + dir + "/" + name);
}

// Sealed route: the fuzz target seals the payload itself (epoch 1, the current key).
Bytes sealed(MessageType type, uint8_t flags, const Bytes& payload) {
  Bytes b = {kRouteSealed, static_cast<uint8_t>(type), flags, 1};
  b.insert(b.end(), payload.begin(), payload.end());
  return b;
}

Bytes ok(const Bytes& body) {
  return encodeResult(ResultCode::Ok, body);
}

// Wire route: a whole frame with a good MAC, under the key of `epoch` (0 is the previous one).
Bytes wire(MessageType type, uint8_t flags, uint8_t epoch, const Bytes& payload) {
  static const Key256 secret = deriveInstallationSecret("fuzz-controller-password");
  FrameHeader h;
  h.type = type;
  h.flags = flags;
  h.key_epoch = epoch;
  h.controller_id = kControllerId;
  h.counter = 1;
  h.request_id = 42;
  Bytes b = {kRouteWire};
  const Bytes frame = encodeFrame(h, payload, deriveFrameKeys(secret, kControllerId, epoch));
  b.insert(b.end(), frame.begin(), frame.end());
  return b;
}

Bytes tableChunk(TableId table, const Bytes& data) {
  ByteWriter w;
  w.u8(static_cast<uint8_t>(table));
  w.u64(3);  // version
  w.u32(0);  // offset
  w.u16(data.size());
  w.bytes(data);
  return w.take();
}

Bytes tableStates(std::size_t count) {
  ByteWriter w;
  for (std::size_t i = 0; i < count; ++i) {
    TableState s;
    s.table = static_cast<TableId>(i + 1);
    s.version = 3;
    s.digest = tableDigest(nullptr, 0);
    s.entries = 2;
    encodeTableState(s, w);
  }
  return w.take();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s CORPUS_DIR\n", argv[0]);
    return 2;
  }
  const std::string dir = argv[1];

  ControllerStatus status;
  status.verification_mode = "card";
  status.unlock_mode = "schedule";
  status.clock_ms = 1'795'000'000'000;
  status.first_seq = 1;
  status.oldest_seq = 3;
  status.next_seq = 5;
  const std::vector<EventRecord> records = {{3, 1000, 1, 1, "granted", "0123456789ABCDEF", 5, "entry"},
                                            {4, 2000, 2, 0, "tamper", "", 0, "cover opened"}};
  ByteWriter events;
  encodeEvents(records, 0, kMaxPayloadSize, events);
  // A push of more events than fit plain, so the batch is deflated.
  std::vector<EventRecord> many;
  for (uint64_t seq = 10; seq < 70; ++seq)
    many.push_back({seq, static_cast<int64_t>(1000 + seq), 1, 1, "granted", "00000000000012AB", 7,
                    "card of user 7 passes: the gate has no schedule"});
  ByteWriter deflated;
  encodeEvents(many, 0, kMaxPayloadSize, deflated, EventForm::Deflated);
  ByteWriter committed;
  committed.u64(4);
  ByteWriter begin;
  begin.u8(static_cast<uint8_t>(TableId::Permissions));
  begin.u64(3);
  begin.u32(4);
  begin.bytes(tableDigest(nullptr, 0));

  CardTable cards;
  cards["0123456789ABCDEF"] = {"0123456789ABCDEF", 123456, 20260401, 20270331, 1, "1234"};
  cards["card-b"] = {"card-b", 9, 0, 0, 2, ""};
  PermissionDelta delta;
  delta.base_version = 3;
  delta.new_version = 4;
  delta.removals = {"card-b"};
  delta.upserts = {{"NEWCARD1", 10, 0, 20301231, 3, "12345"}};
  access::CalendarRules calendar;
  calendar.weekly = {1, 1, 1, 1, 1, 2, 2};
  calendar.annual[101] = 2;
  calendar.days[20261224] = 3;
  const std::vector<access::TimeBand> bands = {{1, 480, 1080, access::DoorMode::Unlocked, 3, "card"},
                                               {2, 0, 1440, access::DoorMode::NoEntry, 1, "card_and_pin"}};
  GateParameters gate;
  gate.anti_passback = {true, 4};

  int written = 0;
  const auto put = [&](const std::string& name, const Bytes& bytes) {
    write(dir, name, bytes);
    ++written;
  };
  put("sealed-status-answer", sealed(MessageType::StatusPoll, kAnswer, ok(encodeStatus(status))));
  put("sealed-events-fetch-answer", sealed(MessageType::EventsFetch, kAnswer, ok(events.data())));
  put("sealed-event-push", sealed(MessageType::EventPush, kFlagToServer, events.data()));
  put("sealed-event-push-deflated", sealed(MessageType::EventPush, kFlagToServer, deflated.data()));
  put("sealed-event-push-answer", sealed(MessageType::EventPush, kFlagResponse, ok(committed.data())));
  put("sealed-table-commit-answer", sealed(MessageType::TableCommit, kAnswer, ok(tableStates(1))));
  put("sealed-table-info-answer", sealed(MessageType::TableInfo, kAnswer, ok([] {
                                           Bytes b = {kTableCount};
                                           const Bytes states = tableStates(kTableCount);
                                           b.insert(b.end(), states.begin(), states.end());
                                           return b;
                                         }())));
  put("sealed-command", sealed(MessageType::Command, kRequest, encodeCommand({CommandKind::Unlock, "", 77})));
  put("sealed-permission-delta", sealed(MessageType::PermissionDelta, kRequest, encodeDelta(delta)));
  put("sealed-passback-places", sealed(MessageType::PassbackPlaces, kRequest,
                                       encodePassbackPlaces(PassbackPlaces{true, {{7, true}, {300, false}}})));
  put("sealed-table-begin", sealed(MessageType::TableBegin, kRequest, begin.data()));
  put("sealed-chunk-permissions",
      sealed(MessageType::TableChunk, kRequest, tableChunk(TableId::Permissions, encodePermissions(cards))));
  put("sealed-chunk-calendar",
      sealed(MessageType::TableChunk, kRequest, tableChunk(TableId::Calendar, encodeCalendar(calendar))));
  put("sealed-chunk-schedule",
      sealed(MessageType::TableChunk, kRequest, tableChunk(TableId::Schedule, encodeSchedule(true, bands))));
  put("sealed-chunk-gate-parameters",
      sealed(MessageType::TableChunk, kRequest, tableChunk(TableId::GateParameters, encodeGateParameters(gate))));
  put("sealed-chunk-card-parameters",
      sealed(MessageType::TableChunk, kRequest,
             tableChunk(TableId::CardParameters, encodeCardParameters({"mifare", "blocks", 16, 8}))));
  put("wire-status-poll", wire(MessageType::StatusPoll, kRequest, 1, {}));
  put("wire-status-answer", wire(MessageType::StatusPoll, kAnswer, 1, ok(encodeStatus(status))));
  put("wire-command-previous-epoch",
      wire(MessageType::Command, kRequest, 0, encodeCommand({CommandKind::SetUnlockMode, "always_unlocked", 77})));
  std::printf("controller_frame_seeds: %d seeds in %s\n", written, dir.c_str());
  return 0;
}
