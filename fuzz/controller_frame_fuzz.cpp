// libFuzzer target: the controller protocol's frame parser and payload decoders (docs/fuzzing.md).
//
// Controllers and the server read these bytes straight off UDP, so every decoder must either
// return a value or throw ProtocolError, whatever it is given. Only ProtocolError is caught here:
// any other exception, a crash, a leak or undefined behaviour is a finding.
//
// Input, by its first byte:
//   bit 0 clear  the rest is a frame off the wire: peekHeader, then authenticateFrame. A random
//                MAC almost never passes, so this mostly exercises the header checks.
//   bit 0 set    the rest is type(1) flags(1) key epoch(1) payload: the fuzz target seals the
//                payload with the real key, so the frame authenticates and the payload reaches
//                the decoder that the controller or the server would run on it.
// Decoded values are encoded and decoded again: the tables' digests rely on the encodings being
// stable, so a value that does not survive the round trip is a finding too.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <vector>

#include "monban/controller/Frame.h"
#include "monban/controller/Messages.h"
#include "monban/controller/Tables.h"

using namespace monban::controller;

namespace {

using Bytes = std::vector<uint8_t>;
using View = std::span<const uint8_t>;

constexpr uint8_t kRouteSealed = 0x01;
constexpr uint32_t kControllerId = 7;

// Epoch 1 with epoch 0 kept as the previous one, as during a key change, so that both key
// lookups are reached. PBKDF2 runs once, in LLVMFuzzerInitialize, not per input.
const FrameKeys& keys() {
  static const FrameKeys k = [] {
    const Key256 secret = deriveInstallationSecret("fuzz-controller-password");
    const FrameKeys previous = deriveFrameKeys(secret, kControllerId, 0);
    FrameKeys current = deriveFrameKeys(secret, kControllerId, 1);
    current.has_previous = true;
    current.previous_epoch = previous.epoch;
    current.previous_to_controller = previous.to_controller;
    current.previous_to_server = previous.to_server;
    return current;
  }();
  return k;
}

[[noreturn]] void finding(const char* what) {
  std::fprintf(stderr, "controller_frame_fuzz: %s\n", what);
  std::abort();
}

// `value` was accepted by a decoder: encoding it must work, and decoding and encoding that again
// must give the same bytes. A ProtocolError here is a finding, not a rejection, so it is caught
// before the caller's handler can take it for one.
template <class Value, class Encode, class Decode>
void checkRoundTrip(const Value& value, Encode encode, Decode decode, const char* what) {
  try {
    const Bytes once = encode(value);
    if (encode(decode(once)) != once) finding(what);
  } catch (const ProtocolError& e) {
    std::fprintf(stderr, "controller_frame_fuzz: %s: %s\n", what, e.what());
    finding("re-encoding refused a value that decoding accepted");
  }
}

Bytes encodeAllEvents(const EventBatch& batch) {
  ByteWriter w;
  if (encodeEvents(batch.events, 0, SIZE_MAX, w) != batch.events.size()) finding("event batch: not all events encoded");
  return w.take();
}

void events(View bytes) {
  checkRoundTrip(decodeEvents(bytes), encodeAllEvents, decodeEvents, "event batch");
}

Bytes encodePassbackPlacesValue(const PassbackPlaces& places) {
  return encodePassbackPlaces(places);
}

struct Schedule {
  bool has = false;
  std::vector<monban::access::TimeBand> bands;
};

Schedule decodeScheduleValue(View bytes) {
  Schedule s;
  decodeSchedule(bytes, s.has, s.bands);
  return s;
}

Bytes encodeScheduleValue(const Schedule& s) {
  return encodeSchedule(s.has, s.bands);
}

// A whole table as the controller installs it on commit.
void table(TableId id, View bytes) {
  switch (id) {
    case TableId::Permissions:
      checkRoundTrip(decodePermissions(bytes), encodePermissions, decodePermissions, "permission table");
      return;
    case TableId::Calendar:
      checkRoundTrip(decodeCalendar(bytes), encodeCalendar, decodeCalendar, "calendar table");
      return;
    case TableId::Schedule:
      checkRoundTrip(decodeScheduleValue(bytes), encodeScheduleValue, decodeScheduleValue, "schedule table");
      return;
    case TableId::GateParameters:
      checkRoundTrip(decodeGateParameters(bytes), encodeGateParameters, decodeGateParameters, "gate parameters");
      return;
    case TableId::CardParameters:
      checkRoundTrip(decodeCardParameters(bytes), encodeCardParameters, decodeCardParameters, "IC-card parameters");
      return;
  }
  finding("readTableId returned an unknown table");
}

// Table states are fixed-size, so their encoding must give back exactly the bytes read.
void tableStates(ByteReader& in, View bytes, std::size_t count) {
  const std::size_t before = bytes.size() - in.remaining();
  ByteWriter w;
  for (std::size_t i = 0; i < count; ++i) encodeTableState(decodeTableState(in), w);
  const std::size_t after = bytes.size() - in.remaining();
  if (w.data() !=
      Bytes(bytes.begin() + static_cast<std::ptrdiff_t>(before), bytes.begin() + static_cast<std::ptrdiff_t>(after)))
    finding("table state: re-encoding differs");
}

// A request, read as the controller reads it (tools/controller-sim/SimController.cpp), or for an
// event push as the server reads it.
void request(MessageType type, View payload) {
  ByteReader in(payload, "request");
  switch (type) {
    case MessageType::EventPush:
      events(payload);
      return;
    case MessageType::Command:
      checkRoundTrip(decodeCommand(payload), encodeCommand, decodeCommand, "command");
      return;
    case MessageType::PermissionDelta:
      checkRoundTrip(decodeDelta(payload), encodeDelta, decodeDelta, "permission delta");
      return;
    case MessageType::PassbackPlaces:
      checkRoundTrip(decodePassbackPlaces(payload), encodePassbackPlacesValue, decodePassbackPlaces, "passback places");
      return;
    case MessageType::TableBegin:
      readTableId(in);
      in.u64();  // version
      in.u32();  // size
      in.bytes(16);
      in.expectEnd();
      return;
    case MessageType::TableChunk: {
      const TableId id = readTableId(in);
      in.u64();  // version
      in.u32();  // offset
      const auto data = in.bytes(in.u16());
      in.expectEnd();
      table(id, data);  // as a table of one chunk, so each table decoder is reached behind a good MAC
      return;
    }
    case MessageType::TableCommit:
    case MessageType::TableRead:
      readTableId(in);
      if (type == MessageType::TableCommit)
        in.u64();
      else
        in.u32();
      in.expectEnd();
      return;
    default:
      return;  // read inline by the controller, with no decoder of the library's own
  }
}

// An answer, read as the server reads it (plugins/gate/src/GateDriver.cpp, ControllerLink.cpp).
void answer(MessageType type, View payload) {
  View body;
  const ResultCode code = decodeResult(payload, body);
  // Only these carry a body; the others are answered with the result code alone.
  if (code != ResultCode::Ok && code != ResultCode::VersionMismatch && code != ResultCode::DigestMismatch) return;
  ByteReader in(body, "answer");
  switch (type) {
    case MessageType::StatusPoll:
      checkRoundTrip(decodeStatus(body), encodeStatus, decodeStatus, "status report");
      return;
    case MessageType::EventsFetch:
      events(body);
      return;
    case MessageType::TableCommit:
    case MessageType::PermissionDelta:
      tableStates(in, body, 1);
      return;
    case MessageType::TableInfo:
      tableStates(in, body, in.u8());
      in.expectEnd();
      return;
    case MessageType::EventPush:
      in.u64();  // committed
      in.expectEnd();
      return;
    default:
      return;
  }
}

void dispatch(const FrameHeader& header, View payload) {
  if (header.isResponse())
    answer(header.type, payload);
  else
    request(header.type, payload);
}

void wireFrame(View frame) {
  const FrameHeader header = peekHeader(frame);
  dispatch(header, authenticateFrame(frame, header, keys()));
}

void sealedFrame(View input) {
  if (input.size() < 3) return;
  FrameHeader header;
  header.type = static_cast<MessageType>(input[0]);  // an unknown type is peekHeader's to refuse
  header.flags = input[1] & (kFlagResponse | kFlagToServer);
  header.key_epoch = input[2];  // an epoch without a key is encodeFrame's to refuse
  header.controller_id = kControllerId;
  header.counter = 1;
  header.request_id = 42;
  const View payload = input.subspan(3);
  const Bytes frame = encodeFrame(header, payload, keys());
  const FrameHeader read = peekHeader(frame);
  // From here on the frame is well formed and sealed with the right key: it must authenticate.
  View body;
  try {
    body = authenticateFrame(frame, read, keys());
  } catch (const ProtocolError& e) {
    std::fprintf(stderr, "controller_frame_fuzz: %s\n", e.what());
    finding("a correctly sealed frame did not authenticate");
  }
  if (read.type != header.type || read.flags != header.flags || read.key_epoch != header.key_epoch ||
      read.controller_id != header.controller_id || read.counter != header.counter ||
      read.request_id != header.request_id || !std::equal(body.begin(), body.end(), payload.begin(), payload.end()))
    finding("a sealed frame did not read back as sealed");
  dispatch(read, body);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  keys();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const View input(data, size);
  try {
    if ((input[0] & kRouteSealed) != 0)
      sealedFrame(input.subspan(1));
    else
      wireFrame(input.subspan(1));
  } catch (const ProtocolError&) {
    // The documented refusal of bad input.
  }
  return 0;
}
