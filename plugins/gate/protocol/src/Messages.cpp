#include "monban/controller/Messages.h"

#include "monban/controller/Deflate.h"

namespace monban::controller {

const char* toString(ResultCode code) {
  switch (code) {
    case ResultCode::Ok:
      return "ok";
    case ResultCode::BadRequest:
      return "bad request";
    case ResultCode::VersionMismatch:
      return "version mismatch";
    case ResultCode::Expired:
      return "expired";
    case ResultCode::Unsupported:
      return "unsupported";
    case ResultCode::DigestMismatch:
      return "digest mismatch";
  }
  return "unknown result";
}

const char* toString(TableId table) {
  switch (table) {
    case TableId::Permissions:
      return "permissions";
    case TableId::Calendar:
      return "calendar";
    case TableId::Schedule:
      return "schedule";
    case TableId::GateParameters:
      return "gate parameters";
    case TableId::CardParameters:
      return "IC-card parameters";
  }
  return "unknown table";
}

bool isKnownTable(uint8_t table) {
  return table >= 1 && table <= kTableCount;
}

const char* toString(CommandKind kind) {
  switch (kind) {
    case CommandKind::Lock:
      return "lock";
    case CommandKind::Unlock:
      return "unlock";
    case CommandKind::Arm:
      return "arm";
    case CommandKind::Disarm:
      return "disarm";
    case CommandKind::SetVerificationMode:
      return "verification_mode";
    case CommandKind::SetUnlockMode:
      return "unlock_mode";
  }
  return "unknown";
}

std::vector<uint8_t> encodeResult(ResultCode code, std::span<const uint8_t> body) {
  ByteWriter w;
  w.u8(static_cast<uint8_t>(code));
  w.bytes(body);
  return w.take();
}

ResultCode decodeResult(std::span<const uint8_t> payload, std::span<const uint8_t>& body) {
  ByteReader r(payload, "response");
  const uint8_t code = r.u8();
  if (code > static_cast<uint8_t>(ResultCode::DigestMismatch)) r.fail("unknown result code " + std::to_string(code));
  body = payload.subspan(1);
  return static_cast<ResultCode>(code);
}

std::vector<uint8_t> encodeStatus(const ControllerStatus& s) {
  ByteWriter w;
  w.u8(s.lock);
  w.u8(s.guard);
  w.u8(s.door);
  w.u8(s.entry_reader);
  w.u8(s.exit_reader);
  w.u32(s.alarms);
  w.text(s.verification_mode);
  w.text(s.unlock_mode);
  w.i64(s.clock_ms);
  w.u32(s.boot_count);
  w.u64(s.first_seq);
  w.u64(s.oldest_seq);
  w.u64(s.next_seq);
  w.u64(s.lost_events);
  return w.take();
}

ControllerStatus decodeStatus(std::span<const uint8_t> body) {
  ByteReader r(body, "status report");
  ControllerStatus s;
  s.lock = r.u8();
  s.guard = r.u8();
  s.door = r.u8();
  s.entry_reader = r.u8();
  s.exit_reader = r.u8();
  if (s.lock > 1 || s.guard > 1 || s.door > 3 || s.entry_reader > 2 || s.exit_reader > 2) r.fail("state out of range");
  s.alarms = r.u32();
  s.verification_mode = r.text();
  s.unlock_mode = r.text();
  s.clock_ms = r.i64();
  s.boot_count = r.u32();
  s.first_seq = r.u64();
  s.oldest_seq = r.u64();
  s.next_seq = r.u64();
  s.lost_events = r.u64();
  if (s.oldest_seq > s.next_seq || s.first_seq > s.oldest_seq) r.fail("event sequence numbers out of order");
  r.expectEnd();
  return s;
}

namespace {

/// The largest batch a deflated form may announce: 255 records of well over 200 bytes each.
constexpr std::size_t kMaxInflatedBatch = 65535;
/// Deflate does not shrink event records more than this; it bounds the records tried.
constexpr std::size_t kBestDeflateRatio = 12;

void encodeEvent(const EventRecord& e, ByteWriter& w) {
  w.u64(e.seq);
  w.i64(e.at_ms);
  w.u8(e.kind);
  w.u8(e.reader);
  w.text(e.code);
  w.text(e.card);
  w.varint(static_cast<uint64_t>(e.user_ref));
  w.text(e.detail);
}

std::size_t encodedSize(const EventRecord& e) {
  return 8 + 8 + 2 + 3 + e.code.size() + e.card.size() + e.detail.size() + 10;
}

/// The plain form: count, then records.
std::size_t encodePlainRecords(const std::vector<EventRecord>& events, std::size_t first, std::size_t maxBytes,
                               ByteWriter& out) {
  const std::size_t countAt = out.data().size();
  out.u8(0);
  std::size_t used = 1;
  std::size_t n = 0;
  for (std::size_t i = first; i < events.size() && n < 255; ++i) {
    const std::size_t size = encodedSize(events[i]);
    if (used + size > maxBytes) break;
    encodeEvent(events[i], out);
    used += size;
    ++n;
  }
  out.data()[countAt] = static_cast<uint8_t>(n);
  return n;
}

/// The deflated form when it holds more events than `plainCount`: form, inflated size, deflate
/// data of count and records. Returns 0 (and writes nothing) when it does not.
std::size_t encodeDeflatedRecords(const std::vector<EventRecord>& events, std::size_t first, std::size_t maxBytes,
                                  std::size_t plainCount, ByteWriter& out) {
  constexpr std::size_t kHeader = 1 + 2;
  if (maxBytes <= kHeader) return 0;
  const std::size_t budget = maxBytes - kHeader;
  // The records that could fit at the best ratio, each with where it ends.
  ByteWriter records;
  records.u8(0);
  std::vector<std::size_t> ends;
  for (std::size_t i = first; i < events.size() && ends.size() < 255; ++i) {
    if (records.data().size() + encodedSize(events[i]) > std::min(kMaxInflatedBatch, budget * kBestDeflateRatio)) break;
    encodeEvent(events[i], records);
    ends.push_back(records.data().size());
  }
  std::size_t n = ends.size();
  while (n > plainCount) {
    records.data()[0] = static_cast<uint8_t>(n);
    const std::span<const uint8_t> inflated(records.data().data(), ends[n - 1]);
    const std::vector<uint8_t> deflated = deflateRaw(inflated);
    if (deflated.size() <= budget) {
      out.u8(static_cast<uint8_t>(EventForm::Deflated));
      out.u16(inflated.size());
      out.bytes(deflated);
      return n;
    }
    // Scale down by how far over it came, with a margin, and always by one at least.
    n = std::min(n - 1, n * budget * 19 / (deflated.size() * 20));
  }
  return 0;
}

std::vector<EventRecord> decodeRecords(ByteReader& r) {
  std::vector<EventRecord> events;
  const std::size_t n = r.u8();
  events.reserve(n);
  uint64_t previous = 0;
  for (std::size_t i = 0; i < n; ++i) {
    EventRecord e;
    e.seq = r.u64();
    if (e.seq == 0 || e.seq > static_cast<uint64_t>(INT64_MAX)) r.fail("event sequence number out of range");
    if (i > 0 && e.seq <= previous) r.fail("event sequence numbers not increasing");
    previous = e.seq;
    e.at_ms = r.i64();
    e.kind = r.u8();
    if (e.kind < 1 || e.kind > 4) r.fail("event kind " + std::to_string(e.kind) + " is not 1-4");
    e.reader = r.u8();
    if (e.reader > 2) r.fail("reader " + std::to_string(e.reader) + " is not 0-2");
    e.code = r.text();
    if (e.code.empty()) r.fail("event without a code");
    e.card = r.text();
    if (e.card.size() > 16) r.fail("card data longer than 16");
    e.user_ref = static_cast<int64_t>(r.varint());
    e.detail = r.text();
    events.push_back(std::move(e));
  }
  r.expectEnd();
  return events;
}

}  // namespace

std::size_t encodeEvents(const std::vector<EventRecord>& events, std::size_t first, std::size_t maxBytes,
                         ByteWriter& out, EventForm form) {
  if (maxBytes == 0) throw ProtocolError("event batch: no room for the form byte");
  if (form == EventForm::Deflated) {
    // Plain first, in a scratch writer: when everything fits plain, deflate is not tried.
    ByteWriter plain;
    const std::size_t plainCount = encodePlainRecords(events, first, maxBytes - 1, plain);
    if (first + plainCount < events.size() && plainCount < 255) {
      const std::size_t n = encodeDeflatedRecords(events, first, maxBytes, plainCount, out);
      if (n > 0) return n;
    }
    out.u8(static_cast<uint8_t>(EventForm::Plain));
    out.bytes(plain.data());
    return plainCount;
  }
  out.u8(static_cast<uint8_t>(EventForm::Plain));
  return encodePlainRecords(events, first, maxBytes - 1, out);
}

EventBatch decodeEvents(std::span<const uint8_t> body) {
  ByteReader r(body, "event batch");
  EventBatch batch;
  const uint8_t form = r.u8();
  if (form == static_cast<uint8_t>(EventForm::Plain)) {
    batch.events = decodeRecords(r);
    return batch;
  }
  if (form != static_cast<uint8_t>(EventForm::Deflated))
    r.fail("event batch form " + std::to_string(form) + " is not 0 (plain) or 1 (deflated)");
  const std::size_t size = r.u16();
  if (size == 0) r.fail("a deflated batch announces 0 bytes");
  const std::vector<uint8_t> inflated = inflateRaw(r.bytes(r.remaining()), size, "deflated event batch");
  ByteReader records(inflated, "deflated event batch (inflated)");
  batch.events = decodeRecords(records);
  return batch;
}

void encodeTableState(const TableState& state, ByteWriter& out) {
  out.u8(static_cast<uint8_t>(state.table));
  out.u64(state.version);
  out.bytes(state.digest);
  out.u32(state.entries);
}

TableId readTableId(ByteReader& in) {
  const uint8_t table = in.u8();
  if (!isKnownTable(table)) in.fail("unknown table " + std::to_string(table));
  return static_cast<TableId>(table);
}

TableState decodeTableState(ByteReader& in) {
  TableState s;
  s.table = readTableId(in);
  s.version = in.u64();
  const auto digest = in.bytes(16);
  std::copy(digest.begin(), digest.end(), s.digest.begin());
  s.entries = in.u32();
  return s;
}

std::vector<uint8_t> encodeCommand(const CommandRequest& c) {
  ByteWriter w;
  w.u8(static_cast<uint8_t>(c.kind));
  w.text(c.value);
  w.i64(c.expires_at_ms);
  return w.take();
}

CommandRequest decodeCommand(std::span<const uint8_t> payload) {
  ByteReader r(payload, "command");
  CommandRequest c;
  const uint8_t kind = r.u8();
  if (kind < 1 || kind > 6) r.fail("unknown command " + std::to_string(kind));
  c.kind = static_cast<CommandKind>(kind);
  c.value = r.text();
  c.expires_at_ms = r.i64();
  r.expectEnd();
  return c;
}

namespace {

std::size_t varintSize(uint64_t v) {
  std::size_t n = 1;
  for (; v >= 0x80; v >>= 7) ++n;
  return n;
}

}  // namespace

std::size_t encodePassbackPlaces(bool forgetFirst, std::span<const std::pair<int64_t, bool>> places,
                                 std::size_t maxBytes, ByteWriter& out) {
  constexpr std::size_t kHead = 3;  // flags, count
  std::size_t size = kHead;
  std::size_t count = 0;
  while (count < places.size() && count < 0xffff) {
    const std::size_t next = varintSize(static_cast<uint64_t>(places[count].first)) + 1;
    if (count > 0 && size + next > maxBytes) break;
    size += next;
    ++count;
  }
  out.u8(forgetFirst ? 1 : 0);
  out.u16(count);
  for (std::size_t i = 0; i < count; ++i) {
    out.varint(static_cast<uint64_t>(places[i].first));
    out.u8(places[i].second ? 1 : 0);
  }
  return count;
}

std::vector<uint8_t> encodePassbackPlaces(const PassbackPlaces& p) {
  ByteWriter w;
  if (encodePassbackPlaces(p.forget_first, p.places, SIZE_MAX, w) != p.places.size())
    throw ProtocolError("passback places: more than 65,535 in one run");
  return w.take();
}

PassbackPlaces decodePassbackPlaces(std::span<const uint8_t> payload) {
  ByteReader r(payload, "passback places");
  PassbackPlaces p;
  const uint8_t flags = r.u8();
  if (flags > 1) r.fail("unknown flags " + std::to_string(flags));
  p.forget_first = flags == 1;
  const uint16_t count = r.u16();
  p.places.reserve(count);
  for (uint16_t i = 0; i < count; ++i) {
    const uint64_t user = r.varint();
    if (user == 0 || user > static_cast<uint64_t>(INT64_MAX)) r.fail("user " + std::to_string(user) + " out of range");
    const uint8_t inside = r.u8();
    if (inside > 1) r.fail("place " + std::to_string(inside) + " is neither 0 (outside) nor 1 (inside)");
    p.places.emplace_back(static_cast<int64_t>(user), inside == 1);
  }
  r.expectEnd();
  return p;
}

}  // namespace monban::controller
