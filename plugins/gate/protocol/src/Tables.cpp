#include "monban/controller/Tables.h"

#include <algorithm>

namespace monban::controller {

using access::CardHolder;

namespace {

// Days since 2000-01-01 of a dateKey (0 stays 0: "no limit"), by the civil-from-days algorithm.
int64_t daysFromCivil(int y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}
const int64_t kEpoch2000 = daysFromCivil(2000, 1, 1);

uint16_t dayNumber(int32_t key) {
  if (key == 0) return 0;
  const int64_t days = daysFromCivil(key / 10000, key / 100 % 100, key % 100) - kEpoch2000 + 1;
  return static_cast<uint16_t>(std::clamp<int64_t>(days, 1, 65535));
}

int32_t dateKeyOf(uint16_t number) {
  if (number == 0) return 0;
  return access::dateKey(access::addDays(access::CivilDate{2000, 1, 1}, number - 1));
}

bool isPackable(const std::string& text) {
  return !text.empty() && text.size() % 2 == 0 &&
         std::all_of(text.begin(), text.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'); });
}

int nibble(char c) {
  return c <= '9' ? c - '0' : c - 'A' + 10;
}
char hexDigit(int v) {
  return static_cast<char>(v < 10 ? '0' + v : 'A' + v - 10);
}

void writeCard(ByteWriter& w, const std::string& card) {
  if (card.empty() || card.size() > 16) throw ProtocolError("card data \"" + card + "\" is not 1-16 characters");
  if (isPackable(card)) {
    w.u8(0x80 | card.size());
    for (std::size_t i = 0; i < card.size(); i += 2) w.u8(nibble(card[i]) << 4 | nibble(card[i + 1]));
  } else {
    w.text(card);
  }
}

std::string readCard(ByteReader& r) {
  const uint8_t head = r.u8();
  const std::size_t length = head & 0x7f;
  if (length == 0 || length > 16) r.fail("card data length " + std::to_string(length) + " is not 1-16");
  std::string card;
  if ((head & 0x80) != 0) {
    if (length % 2 != 0) r.fail("packed card data of odd length");
    for (uint8_t b : r.bytes(length / 2)) {
      if ((b >> 4) > 15 || (b & 15) > 15) r.fail("bad packed card data");
      card += hexDigit(b >> 4);
      card += hexDigit(b & 15);
    }
  } else {
    const auto b = r.bytes(length);
    card.assign(b.begin(), b.end());
  }
  return card;
}

void writePin(ByteWriter& w, const std::string& pin) {
  if (pin.size() > 8 || !std::all_of(pin.begin(), pin.end(), [](char c) { return c >= '0' && c <= '9'; }))
    throw ProtocolError("PIN is not 0-8 digits");
  w.u8(pin.size());
  for (std::size_t i = 0; i < pin.size(); i += 2)
    w.u8((pin[i] - '0') << 4 | (i + 1 < pin.size() ? pin[i + 1] - '0' : 0xf));
}

std::string readPin(ByteReader& r) {
  const std::size_t length = r.u8();
  if (length > 8) r.fail("PIN length " + std::to_string(length) + " is over 8");
  std::string pin;
  for (uint8_t b : r.bytes((length + 1) / 2)) {
    for (int v : {b >> 4, b & 15}) {
      if (pin.size() == length) break;
      if (v > 9) r.fail("PIN digit out of range");
      pin += static_cast<char>('0' + v);
    }
  }
  return pin;
}

void writeHolder(ByteWriter& w, const CardHolder& h) {
  writeCard(w, h.card);
  w.varint(static_cast<uint64_t>(h.user_ref));
  w.u16(dayNumber(h.valid_from));
  w.u16(dayNumber(h.valid_to));
  if (h.passable_level < 1 || h.passable_level > access::kMaxPassableLevel)
    throw ProtocolError("passable level " + std::to_string(h.passable_level) + " is not 1-8");
  w.u8(h.passable_level);
  writePin(w, h.pin);
}

CardHolder readHolder(ByteReader& r) {
  CardHolder h;
  h.card = readCard(r);
  h.user_ref = static_cast<int64_t>(r.varint());
  h.valid_from = dateKeyOf(r.u16());
  h.valid_to = dateKeyOf(r.u16());
  h.passable_level = r.u8();
  if (h.passable_level < 1 || h.passable_level > access::kMaxPassableLevel) r.fail("passable level out of range");
  h.pin = readPin(r);
  return h;
}

void writeMode(ByteWriter& w, access::DoorMode mode) {
  w.u8(static_cast<uint8_t>(mode));
}

access::DoorMode readMode(ByteReader& r) {
  const uint8_t v = r.u8();
  if (v > 2) r.fail("door mode " + std::to_string(v) + " is not 0-2");
  return static_cast<access::DoorMode>(v);
}

}  // namespace

std::vector<uint8_t> encodePermissions(const CardTable& cards) {
  std::vector<const CardHolder*> sorted;
  sorted.reserve(cards.size());
  for (const auto& [card, holder] : cards) sorted.push_back(&holder);
  std::sort(sorted.begin(), sorted.end(), [](const CardHolder* a, const CardHolder* b) { return a->card < b->card; });
  ByteWriter w;
  w.data().reserve(4 + cards.size() * 20);
  w.u32(sorted.size());
  for (const CardHolder* h : sorted) writeHolder(w, *h);
  return w.take();
}

CardTable decodePermissions(std::span<const uint8_t> bytes) {
  ByteReader r(bytes, "permission table");
  const uint32_t n = r.u32();
  if (n > r.remaining() / 8) r.fail("count " + std::to_string(n) + " exceeds the table's bytes");
  CardTable cards;
  cards.reserve(n);
  std::string previous;
  for (uint32_t i = 0; i < n; ++i) {
    CardHolder h = readHolder(r);
    if (i > 0 && h.card <= previous) r.fail("cards not in ascending order");
    previous = h.card;
    cards.emplace(h.card, std::move(h));
  }
  r.expectEnd();
  return cards;
}

std::size_t encodedEntrySize(const CardHolder& holder) {
  ByteWriter w;
  writeHolder(w, holder);
  return w.data().size();
}

std::vector<uint8_t> encodeCalendar(const access::CalendarRules& calendar) {
  ByteWriter w;
  for (int64_t kind : calendar.weekly) w.varint(static_cast<uint64_t>(kind));
  w.u16(calendar.annual.size());
  for (const auto& [monthDay, kind] : calendar.annual) {
    w.u16(static_cast<uint64_t>(monthDay));
    w.varint(static_cast<uint64_t>(kind));
  }
  w.u32(calendar.days.size());
  for (const auto& [key, kind] : calendar.days) {
    w.u32(static_cast<uint64_t>(key));
    w.varint(static_cast<uint64_t>(kind));
  }
  return w.take();
}

access::CalendarRules decodeCalendar(std::span<const uint8_t> bytes) {
  ByteReader r(bytes, "calendar table");
  access::CalendarRules c;
  for (auto& kind : c.weekly) kind = static_cast<int64_t>(r.varint());
  const std::size_t annual = r.u16();
  for (std::size_t i = 0; i < annual; ++i) {
    const int monthDay = r.u16();
    if (!access::isValidDate(2000, monthDay / 100, monthDay % 100))
      r.fail("bad annual day " + std::to_string(monthDay));
    c.annual[monthDay] = static_cast<int64_t>(r.varint());
  }
  const std::size_t days = r.u32();
  if (days > r.remaining() / 5) r.fail("day count exceeds the table's bytes");
  for (std::size_t i = 0; i < days; ++i) {
    const auto key = static_cast<int32_t>(r.u32());
    if (!access::isValidDate(key / 10000, key / 100 % 100, key % 100)) r.fail("bad date " + std::to_string(key));
    c.days[key] = static_cast<int64_t>(r.varint());
  }
  r.expectEnd();
  return c;
}

std::vector<uint8_t> encodeSchedule(bool hasSchedule, const std::vector<access::TimeBand>& bands) {
  std::vector<access::TimeBand> sorted = bands;
  std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) {
    return a.date_kind_id != b.date_kind_id ? a.date_kind_id < b.date_kind_id : a.start_minute < b.start_minute;
  });
  ByteWriter w;
  w.u8(hasSchedule ? 1 : 0);
  w.u16(sorted.size());
  for (const auto& b : sorted) {
    w.varint(static_cast<uint64_t>(b.date_kind_id));
    w.u16(static_cast<uint64_t>(b.start_minute));
    w.u16(static_cast<uint64_t>(b.end_minute));
    writeMode(w, b.door_mode);
    w.u8(static_cast<uint64_t>(b.passable_level));
    w.text(b.verification_mode);
  }
  return w.take();
}

void decodeSchedule(std::span<const uint8_t> bytes, bool& hasSchedule, std::vector<access::TimeBand>& bands) {
  ByteReader r(bytes, "schedule table");
  const uint8_t has = r.u8();
  if (has > 1) r.fail("schedule flag is not 0 or 1");
  const std::size_t n = r.u16();
  std::vector<access::TimeBand> out;
  for (std::size_t i = 0; i < n; ++i) {
    access::TimeBand b;
    b.date_kind_id = static_cast<int64_t>(r.varint());
    b.start_minute = r.u16();
    b.end_minute = r.u16();
    b.door_mode = readMode(r);
    b.passable_level = r.u8();
    b.verification_mode = r.text();
    out.push_back(std::move(b));
  }
  r.expectEnd();
  const auto problems = access::bandProblems(out);
  if (!problems.empty()) throw ProtocolError("schedule table: " + problems.front());
  hasSchedule = has == 1;
  bands = std::move(out);
}

std::vector<uint8_t> encodeGateParameters(const GateParameters& p) {
  ByteWriter w;
  w.text(p.settings.unlock_mode);
  w.text(p.settings.verification_mode);
  w.text(p.entry_reader);
  w.text(p.exit_reader);
  w.u8(p.anti_passback.enforced ? 1 : 0);
  w.varint(static_cast<uint64_t>(p.anti_passback.area_id));
  w.u16(p.door_open_seconds);
  return w.take();
}

GateParameters decodeGateParameters(std::span<const uint8_t> bytes) {
  ByteReader r(bytes, "gate parameters");
  GateParameters p;
  p.settings.unlock_mode = r.text();
  p.settings.verification_mode = r.text();
  p.entry_reader = r.text();
  p.exit_reader = r.text();
  const uint8_t enforced = r.u8();
  if (enforced > 1) r.fail("anti-passback flag is not 0 or 1");
  p.anti_passback.enforced = enforced == 1;
  p.anti_passback.area_id = static_cast<int64_t>(r.varint());
  p.door_open_seconds = r.u16();
  r.expectEnd();
  return p;
}

std::vector<uint8_t> encodeCardParameters(const CardParameters& p) {
  ByteWriter w;
  w.text(p.card_type);
  w.text(p.source);
  w.u16(p.offset);
  w.u16(p.length);
  return w.take();
}

CardParameters decodeCardParameters(std::span<const uint8_t> bytes) {
  ByteReader r(bytes, "IC-card parameters");
  CardParameters p;
  p.card_type = r.text();
  if (p.card_type != "felica" && p.card_type != "mifare")
    r.fail("card type \"" + p.card_type + "\" is not felica or mifare");
  p.source = r.text();
  p.offset = r.u16();
  p.length = r.u16();
  if (p.length < 1 || p.length > 16) r.fail("card data length is not 1-16");
  r.expectEnd();
  return p;
}

std::vector<uint8_t> encodeDelta(const PermissionDelta& d) {
  ByteWriter w;
  w.u64(d.base_version);
  w.u64(d.new_version);
  w.u16(d.removals.size());
  for (const auto& card : d.removals) writeCard(w, card);
  w.u16(d.upserts.size());
  for (const auto& h : d.upserts) writeHolder(w, h);
  return w.take();
}

PermissionDelta decodeDelta(std::span<const uint8_t> payload) {
  ByteReader r(payload, "permission delta");
  PermissionDelta d;
  d.base_version = r.u64();
  d.new_version = r.u64();
  if (d.new_version <= d.base_version) r.fail("new version is not above the base version");
  const std::size_t removals = r.u16();
  for (std::size_t i = 0; i < removals; ++i) d.removals.push_back(readCard(r));
  const std::size_t upserts = r.u16();
  for (std::size_t i = 0; i < upserts; ++i) d.upserts.push_back(readHolder(r));
  r.expectEnd();
  return d;
}

void applyDelta(CardTable& cards, const PermissionDelta& delta) {
  for (const auto& card : delta.removals) cards.erase(card);
  for (const auto& h : delta.upserts) cards[h.card] = h;
}

}  // namespace monban::controller
