#include "SimController.h"

#include <algorithm>

namespace monban::sim {

namespace {

std::vector<uint8_t> ok(const ByteWriter& body) {
  ByteWriter w = body;
  auto bytes = w.take();
  return encodeResult(ResultCode::Ok, bytes);
}

std::vector<uint8_t> result(ResultCode code) {
  return encodeResult(code);
}

std::vector<uint8_t> stateReply(ResultCode code, const TableState& state) {
  ByteWriter w;
  encodeTableState(state, w);
  return encodeResult(code, w.data());
}

}  // namespace

SimController::SimController(uint32_t id, const Key256& secret, std::size_t bufferCapacity, int64_t nowMs)
    : id_(id),
      secret_(secret),
      keys_(deriveFrameKeys(secret, id, 0)),
      counter_(static_cast<uint64_t>(nowMs / 1000) << 32),
      capacity_(bufferCapacity),
      // Sequence numbers start at the power-up time in ms, so a controller whose memory was wiped
      // never reuses one (the server would take a reused number for a redelivery).
      first_seq_(static_cast<uint64_t>(nowMs)),
      next_seq_(static_cast<uint64_t>(nowMs)) {
  for (uint8_t t = 1; t <= kTableCount; ++t) {
    states_[t - 1].table = static_cast<TableId>(t);
    const auto bytes = encodeTable(static_cast<TableId>(t));
    states_[t - 1].digest = tableDigest(bytes.data(), bytes.size());
  }
}

std::vector<uint8_t> SimController::handle(const FrameHeader& header, std::span<const uint8_t> payload, int64_t nowMs) {
  const auto cached = answered_.find(header.request_id);
  if (cached != answered_.end()) return cached->second;
  std::vector<uint8_t> reply;
  try {
    reply = dispatch(header, payload, nowMs);
  } catch (const ProtocolError& e) {
    record(2, "bad_frame", std::string("request refused: ") + e.what(), nowMs);
    reply = result(ResultCode::BadRequest);
  }
  answered_[header.request_id] = reply;
  answered_order_.push_back(header.request_id);
  if (answered_order_.size() > 256) {
    answered_.erase(answered_order_.front());
    answered_order_.pop_front();
  }
  return reply;
}

std::vector<uint8_t> SimController::dispatch(const FrameHeader& header, std::span<const uint8_t> payload,
                                             int64_t nowMs) {
  ByteReader in(payload, toString(header.type));
  ByteWriter out;
  switch (header.type) {
    case MessageType::StatusPoll:
      in.expectEnd();
      return encodeResult(ResultCode::Ok, encodeStatus(status(nowMs)));
    case MessageType::EventsFetch: {
      const uint64_t from = in.u64();
      in.expectEnd();
      encodeEvents(oldestEvents(from), 0, kMaxPayloadSize - 1, out, event_form_);
      return ok(out);
    }
    case MessageType::EventsAck: {
      const uint64_t upTo = in.u64();
      in.expectEnd();
      acknowledge(upTo);
      return result(ResultCode::Ok);
    }
    case MessageType::TableBegin:
      return tableBegin(in);
    case MessageType::TableChunk:
      return tableChunk(in);
    case MessageType::TableCommit:
      return tableCommit(in);
    case MessageType::PermissionDelta:
      return permissionDelta(payload);
    case MessageType::TableInfo:
      in.expectEnd();
      out.u8(kTableCount);
      for (const auto& s : states_) encodeTableState(s, out);
      return ok(out);
    case MessageType::TableRead: {
      const TableId table = readTableId(in);
      const uint32_t offset = in.u32();
      in.expectEnd();
      const auto bytes = encodeTable(table);
      if (offset > bytes.size()) return result(ResultCode::BadRequest);
      const std::size_t n = std::min(kTableChunkSize, bytes.size() - offset);
      out.u32(bytes.size());
      out.bytes(std::span(bytes).subspan(offset, n));
      return ok(out);
    }
    case MessageType::TimeSync: {
      const int64_t serverMs = in.i64();
      in.expectEnd();
      const int64_t before = clockMs(nowMs);
      clock_offset_ms_ = serverMs - nowMs;
      out.i64(before);
      if (std::llabs(before - serverMs) > 1000)
        record(4, "clock_set", "clock set by the server, off by " + std::to_string(before - serverMs) + " ms", nowMs);
      return ok(out);
    }
    case MessageType::Command:
      return command(payload, nowMs);
    case MessageType::KeyChange:
      return keyChange(in);
    case MessageType::PassbackUpdate: {
      const int64_t user = static_cast<int64_t>(in.varint());
      const uint8_t inside = in.u8();
      in.expectEnd();
      passback_.inside[user] = inside != 0;
      return result(ResultCode::Ok);
    }
    case MessageType::PassbackPlaces: {
      const PassbackPlaces places = decodePassbackPlaces(payload);
      if (places.forget_first) passback_.inside.clear();
      for (const auto& [user, inside] : places.places) passback_.inside[user] = inside;
      return result(ResultCode::Ok);
    }
    case MessageType::EventPush:
      return result(ResultCode::Unsupported);
  }
  return result(ResultCode::Unsupported);
}

std::vector<uint8_t> SimController::tableBegin(ByteReader& in) {
  const TableId table = readTableId(in);
  Transfer t;
  t.version = in.u64();
  const uint32_t size = in.u32();
  const auto digest = in.bytes(16);
  in.expectEnd();
  if (size > 64u * 1024 * 1024) in.fail("table of " + std::to_string(size) + " bytes is over 64 MiB");
  std::copy(digest.begin(), digest.end(), t.digest.begin());
  t.bytes.assign(size, 0);
  t.received.assign((size + kTableChunkSize - 1) / kTableChunkSize, false);
  transfers_[table] = std::move(t);
  return result(ResultCode::Ok);
}

std::vector<uint8_t> SimController::tableChunk(ByteReader& in) {
  const TableId table = readTableId(in);
  const uint64_t version = in.u64();
  const uint32_t offset = in.u32();
  const std::size_t length = in.u16();
  const auto data = in.bytes(length);
  in.expectEnd();
  auto found = transfers_.find(table);
  if (found == transfers_.end() || found->second.version != version) return result(ResultCode::VersionMismatch);
  Transfer& t = found->second;
  if (offset % kTableChunkSize != 0 || offset + length > t.bytes.size() ||
      (length != kTableChunkSize && offset + length != t.bytes.size()))
    in.fail("chunk at " + std::to_string(offset) + " of " + std::to_string(length) + " bytes is outside the table");
  std::copy(data.begin(), data.end(), t.bytes.begin() + offset);
  t.received[offset / kTableChunkSize] = true;
  return result(ResultCode::Ok);
}

std::vector<uint8_t> SimController::tableCommit(ByteReader& in) {
  const TableId table = readTableId(in);
  const uint64_t version = in.u64();
  in.expectEnd();
  auto found = transfers_.find(table);
  // A commit repeated after its transfer was installed (the answer was lost) is answered again.
  if (found == transfers_.end() && states_[static_cast<int>(table) - 1].version == version)
    return stateReply(ResultCode::Ok, tableState(table));
  if (found == transfers_.end() || found->second.version != version)
    return stateReply(ResultCode::VersionMismatch, tableState(table));
  Transfer t = std::move(found->second);
  transfers_.erase(found);
  if (!std::all_of(t.received.begin(), t.received.end(), [](bool b) { return b; }) ||
      tableDigest(t.bytes.data(), t.bytes.size()) != t.digest)
    return stateReply(ResultCode::DigestMismatch, tableState(table));
  install(table, t.bytes);
  states_[static_cast<int>(table) - 1].version = version;
  return stateReply(ResultCode::Ok, tableState(table));
}

void SimController::install(TableId table, std::span<const uint8_t> bytes) {
  uint32_t entries = 0;
  switch (table) {
    case TableId::Permissions:
      tables_.cards = decodePermissions(bytes);
      entries = static_cast<uint32_t>(tables_.cards.size());
      break;
    case TableId::Calendar:
      tables_.calendar = decodeCalendar(bytes);
      entries = static_cast<uint32_t>(tables_.calendar.days.size());
      break;
    case TableId::Schedule:
      decodeSchedule(bytes, tables_.has_schedule, tables_.schedule);
      entries = static_cast<uint32_t>(tables_.schedule.size());
      break;
    case TableId::GateParameters:
      gate_parameters_ = decodeGateParameters(bytes);
      tables_.gate = gate_parameters_.settings;
      tables_.anti_passback = gate_parameters_.anti_passback;
      entries = 1;
      break;
    case TableId::CardParameters:
      card_parameters_ = decodeCardParameters(bytes);
      entries = 1;
      break;
  }
  setState(table, states_[static_cast<int>(table) - 1].version, bytes, entries);
}

void SimController::setState(TableId table, uint64_t version, std::span<const uint8_t> bytes, uint32_t entries) {
  TableState& s = states_[static_cast<int>(table) - 1];
  s.version = version;
  s.digest = tableDigest(bytes.data(), bytes.size());
  s.entries = entries;
}

std::vector<uint8_t> SimController::encodeTable(TableId table) const {
  switch (table) {
    case TableId::Permissions:
      return encodePermissions(tables_.cards);
    case TableId::Calendar:
      return encodeCalendar(tables_.calendar);
    case TableId::Schedule:
      return encodeSchedule(tables_.has_schedule, tables_.schedule);
    case TableId::GateParameters:
      return encodeGateParameters(gate_parameters_);
    case TableId::CardParameters:
      return encodeCardParameters(card_parameters_);
  }
  return {};
}

std::vector<uint8_t> SimController::permissionDelta(std::span<const uint8_t> payload) {
  const PermissionDelta delta = decodeDelta(payload);
  const TableState& held = tableState(TableId::Permissions);
  if (held.version == delta.new_version) return stateReply(ResultCode::Ok, held);
  if (held.version != delta.base_version) return stateReply(ResultCode::VersionMismatch, held);
  applyDelta(tables_.cards, delta);
  setState(TableId::Permissions, delta.new_version, encodePermissions(tables_.cards),
           static_cast<uint32_t>(tables_.cards.size()));
  return stateReply(ResultCode::Ok, tableState(TableId::Permissions));
}

std::vector<uint8_t> SimController::command(std::span<const uint8_t> payload, int64_t nowMs) {
  const CommandRequest c = decodeCommand(payload);
  // The controller's clock is synchronised with the server's, so an expired command is refused
  // however late it arrives.
  if (clockMs(nowMs) > c.expires_at_ms) {
    record(3, "command_expired", std::string(toString(c.kind)) + " arrived after its expiry; not carried out", nowMs);
    return result(ResultCode::Expired);
  }
  switch (c.kind) {
    case CommandKind::Lock:
      lock_ = 0;
      break;
    case CommandKind::Unlock:
      lock_ = 1;
      break;
    case CommandKind::Arm:
      guard_ = 1;
      break;
    case CommandKind::Disarm:
      guard_ = 0;
      break;
    case CommandKind::SetVerificationMode:
      gate_parameters_.settings.verification_mode = c.value;
      tables_.gate = gate_parameters_.settings;
      break;
    case CommandKind::SetUnlockMode:
      if (c.value != "schedule" && c.value != "always_unlocked" && c.value != "always_locked")
        return result(ResultCode::BadRequest);
      gate_parameters_.settings.unlock_mode = c.value;
      tables_.gate = gate_parameters_.settings;
      break;
  }
  if (c.kind == CommandKind::SetVerificationMode || c.kind == CommandKind::SetUnlockMode) {
    const auto bytes = encodeGateParameters(gate_parameters_);
    setState(TableId::GateParameters, tableState(TableId::GateParameters).version, bytes, 1);
  }
  record(3, toString(c.kind), c.value.empty() ? "by the server" : c.value + ", by the server", nowMs);
  return result(ResultCode::Ok);
}

std::vector<uint8_t> SimController::keyChange(ByteReader& in) {
  const uint8_t epoch = in.u8();
  std::array<uint8_t, 60> sealed{};
  const auto bytes = in.bytes(sealed.size());
  in.expectEnd();
  std::copy(bytes.begin(), bytes.end(), sealed.begin());
  Key256 next{};
  if (epoch == keys_.epoch) return result(ResultCode::Ok);  // a retransmission after the change
  if (!openSecret(keys_.to_controller, sealed, next)) return result(ResultCode::BadRequest);
  FrameKeys fresh = deriveFrameKeys(next, id_, epoch);
  fresh.has_previous = true;
  fresh.previous_epoch = keys_.epoch;
  fresh.previous_to_controller = keys_.to_controller;
  fresh.previous_to_server = keys_.to_server;
  keys_ = fresh;
  secret_ = next;
  return result(ResultCode::Ok);
}

access::AccessDecision SimController::decide(const std::string& card, const std::string& pin, access::Reader reader,
                                             int64_t nowMs) const {
  return decideAt(card, pin, reader, clockMs(nowMs));
}

access::AccessDecision SimController::decideAt(const std::string& card, const std::string& pin, access::Reader reader,
                                               int64_t atMs) const {
  access::Presentation p;
  p.card = card;
  p.pin = pin;
  p.reader = reader;
  p.when = access::toLocal(atMs);
  access::AccessDecision d = access::decideAccess(tables_, passback_, p);
  if (d.granted && lock_ == 1) d.reason += " (the door is held unlocked by command)";
  return d;
}

access::AccessDecision SimController::swipe(const std::string& card, const std::string& pin, access::Reader reader,
                                            int64_t nowMs) {
  access::AccessDecision d = decide(card, pin, reader, nowMs);
  if (d.passback_applies) passback_.inside[d.user_ref] = d.inside_after;
  if (d.granted) released_until_ms_ = clockMs(nowMs) + int64_t{gate_parameters_.door_open_seconds} * 1000;
  EventRecord e;
  e.kind = d.code == "denied_passback" ? 2 : 1;
  e.reader = static_cast<uint8_t>(reader);
  e.code = d.code;
  e.card = card.substr(0, 16);
  e.user_ref = d.user_ref;
  e.detail = d.reason.substr(0, 200);
  if (d.granted && reader == access::Reader::Entry && d.user_ref != 0) {
    const int32_t today = access::dateKey(access::toLocal(clockMs(nowMs)).date);
    auto& last = last_entry_day_[d.user_ref];
    if (last != today) e.detail = ("first entry of the day; " + e.detail).substr(0, 200);
    last = today;
  }
  e.at_ms = clockMs(nowMs);
  append(std::move(e));
  return d;
}

void SimController::record(uint8_t kind, const std::string& code, const std::string& detail, int64_t nowMs) {
  EventRecord e;
  e.kind = kind;
  e.code = code;
  e.detail = detail.substr(0, 200);
  e.at_ms = clockMs(nowMs);
  append(std::move(e));
}

void SimController::append(EventRecord event) {
  event.seq = next_seq_++;
  if (events_.size() >= capacity_) {
    // Oldest first: the buffer keeps the newest events, and the status reports the loss.
    events_.pop_front();
    ++lost_events_;
    alarms_ |= kAlarmBufferOverflow;
  }
  events_.push_back(std::move(event));
}

void SimController::acknowledge(uint64_t seq) {
  while (!events_.empty() && events_.front().seq <= seq) events_.pop_front();
}

std::vector<EventRecord> SimController::oldestEvents(uint64_t from) const {
  // No batch holds more than 255; deflated ones hold about 75 of the usual access events.
  constexpr std::size_t kMostThatFit = 128;
  auto begin = std::lower_bound(events_.begin(), events_.end(), from,
                                [](const EventRecord& e, uint64_t seq) { return e.seq < seq; });
  const auto count = std::min<std::size_t>(static_cast<std::size_t>(events_.end() - begin), kMostThatFit);
  return std::vector<EventRecord>(begin, begin + static_cast<std::ptrdiff_t>(count));
}

std::vector<uint8_t> SimController::pushPayload() const {
  if (events_.empty()) return {};
  ByteWriter w;
  encodeEvents(oldestEvents(0), 0, kMaxPayloadSize, w, event_form_);
  return w.take();
}

ControllerStatus SimController::status(int64_t nowMs) const {
  ControllerStatus s;
  s.lock = lock_;
  s.guard = guard_;
  s.door = 0;
  s.entry_reader = 0;
  s.exit_reader = 0;
  s.alarms = alarms_;
  s.verification_mode = gate_parameters_.settings.verification_mode;
  s.unlock_mode = gate_parameters_.settings.unlock_mode;
  s.clock_ms = clockMs(nowMs);
  s.boot_count = boot_count_;
  s.first_seq = first_seq_;
  s.oldest_seq = events_.empty() ? next_seq_ : events_.front().seq;
  s.next_seq = next_seq_;
  s.lost_events = lost_events_;
  return s;
}

void SimController::powerCycle(int64_t nowMs) {
  ++boot_count_;
  counter_ = std::max(counter_ + (uint64_t{1} << 32), static_cast<uint64_t>(nowMs / 1000) << 32);
  answered_.clear();
  answered_order_.clear();
  transfers_.clear();
  lock_ = 0;
  released_until_ms_ = 0;
  record(3, "restart", "power restored (boot " + std::to_string(boot_count_) + ")", nowMs);
}

void SimController::setTamper(bool on, int64_t nowMs) {
  alarms_ = on ? alarms_ | kAlarmTamper : alarms_ & ~kAlarmTamper;
  record(2, on ? "tamper" : "tamper_cleared", on ? "the controller's cover was opened" : "cover closed", nowMs);
}

void SimController::setLockFault(bool on, int64_t nowMs) {
  alarms_ = on ? alarms_ | kAlarmLockFault : alarms_ & ~kAlarmLockFault;
  record(2, on ? "lock_fault" : "lock_fault_cleared", on ? "the lock does not respond" : "the lock responds again",
         nowMs);
}

std::vector<std::string> SimController::cards() const {
  std::vector<std::string> out;
  out.reserve(tables_.cards.size());
  for (const auto& [card, holder] : tables_.cards) out.push_back(card);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace monban::sim
