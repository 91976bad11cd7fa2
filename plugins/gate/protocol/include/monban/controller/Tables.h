#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "monban/access/AccessDecision.h"
#include "monban/controller/Messages.h"

namespace monban::controller {

using CardTable = std::unordered_map<std::string, access::CardHolder>;

/// The gate's own parameters as a controller holds them.
struct GateParameters {
  access::GateSettings settings;
  std::string entry_reader = "entry";
  std::string exit_reader = "exit";
  access::AntiPassback anti_passback;
  uint16_t door_open_seconds = 5;
  bool operator==(const GateParameters&) const = default;
};

/// Where readers find the card data (SPEC section 5, "IC cards").
struct CardParameters {
  std::string card_type = "felica";  ///< felica or mifare
  std::string source = "idm";        ///< idm, uid, service or blocks
  uint16_t offset = 0;
  uint16_t length = 16;
  bool operator==(const CardParameters&) const = default;
};

/// A change to a held permission table: from `base_version` to `new_version`.
struct PermissionDelta {
  uint64_t base_version = 0;
  uint64_t new_version = 0;
  std::vector<access::CardHolder> upserts;
  std::vector<std::string> removals;  ///< card data
};

// Table encodings. Every encoding is canonical (entries sorted), so equal tables give equal bytes
// and equal digests. decode* throws ProtocolError naming the table and byte.

/// Permission table: a count, then per card (sorted by card data) the card (hex-packed when it is
/// upper-case hex), the user as a varint, the validity as days since 2000-01-01, the passable level
/// and the PIN (BCD). A 16-digit card with a 4-digit PIN takes 20 bytes.
std::vector<uint8_t> encodePermissions(const CardTable& cards);
CardTable decodePermissions(std::span<const uint8_t> bytes);
/// Bytes of one card's entry (for the entry size in reports).
std::size_t encodedEntrySize(const access::CardHolder& holder);

std::vector<uint8_t> encodeCalendar(const access::CalendarRules& calendar);
access::CalendarRules decodeCalendar(std::span<const uint8_t> bytes);

std::vector<uint8_t> encodeSchedule(bool hasSchedule, const std::vector<access::TimeBand>& bands);
void decodeSchedule(std::span<const uint8_t> bytes, bool& hasSchedule, std::vector<access::TimeBand>& bands);

std::vector<uint8_t> encodeGateParameters(const GateParameters& parameters);
GateParameters decodeGateParameters(std::span<const uint8_t> bytes);

std::vector<uint8_t> encodeCardParameters(const CardParameters& parameters);
CardParameters decodeCardParameters(std::span<const uint8_t> bytes);

/// Fits one frame when its encoding is at most kMaxPayloadSize; callers fall back to a full transfer.
std::vector<uint8_t> encodeDelta(const PermissionDelta& delta);
PermissionDelta decodeDelta(std::span<const uint8_t> payload);

/// Applies `delta` to `cards` (removals first, then upserts).
void applyDelta(CardTable& cards, const PermissionDelta& delta);

}  // namespace monban::controller
