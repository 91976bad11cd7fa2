#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "monban/controller/Bytes.h"

namespace monban::controller {

/// First byte of every response payload.
enum class ResultCode : uint8_t {
  Ok = 0,
  BadRequest = 1,       ///< the payload broke the protocol
  VersionMismatch = 2,  ///< a delta or chunk for a table version the controller does not hold
  Expired = 3,          ///< a command that arrived after its expiry; not carried out
  Unsupported = 4,
  DigestMismatch = 5,  ///< a committed table did not match its announced digest; the old table stays
};
const char* toString(ResultCode code);

/// Controller tables (docs/protocols/controller.md, "Tables").
enum class TableId : uint8_t {
  Permissions = 1,
  Calendar = 2,
  Schedule = 3,
  GateParameters = 4,
  CardParameters = 5,
};
inline constexpr uint8_t kTableCount = 5;
/// Bytes of table data in one chunk frame (with table, version, offset and length it fits a frame).
inline constexpr std::size_t kTableChunkSize = 1200;
const char* toString(TableId table);
bool isKnownTable(uint8_t table);

/// Lock, guard, door and reader states of a status report.
struct ControllerStatus {
  uint8_t lock = 0;          ///< 0 locked, 1 unlocked
  uint8_t guard = 0;         ///< 0 disarmed, 1 armed
  uint8_t door = 0;          ///< 0 closed, 1 open, 2 held open, 3 forced open
  uint8_t entry_reader = 0;  ///< 0 ok, 1 fault, 2 no communication
  uint8_t exit_reader = 0;
  uint32_t alarms = 0;  ///< kAlarm* bits in force
  std::string verification_mode;
  std::string unlock_mode;
  int64_t clock_ms = 0;      ///< the controller's clock
  uint32_t boot_count = 0;   ///< power-ups so far
  uint64_t first_seq = 0;    ///< the first event sequence number of this controller's memory
  uint64_t oldest_seq = 0;   ///< oldest event still buffered (next_seq when none)
  uint64_t next_seq = 0;     ///< sequence number the next event will get
  uint64_t lost_events = 0;  ///< events dropped from a full buffer since power-up
};
inline constexpr uint32_t kAlarmTamper = 1;
inline constexpr uint32_t kAlarmLockFault = 2;
inline constexpr uint32_t kAlarmBufferOverflow = 4;
inline constexpr uint32_t kAlarmDoorForced = 8;

/// One event as a controller records it.
struct EventRecord {
  uint64_t seq = 0;
  int64_t at_ms = 0;   ///< the controller's clock
  uint8_t kind = 1;    ///< history kind: 1 access, 2 alarm, 3 gate operation, 4 gate management
  uint8_t reader = 0;  ///< 0 none, 1 entry, 2 exit
  std::string code;
  std::string card;
  int64_t user_ref = 0;
  std::string detail;
  bool operator==(const EventRecord&) const = default;
};

/// Events from `first` on, as many as fit one frame.
struct EventBatch {
  std::vector<EventRecord> events;
};

/// A table's version and digest as a controller holds it.
struct TableState {
  TableId table = TableId::Permissions;
  uint64_t version = 0;
  std::array<uint8_t, 16> digest{};
  uint32_t entries = 0;
  bool operator==(const TableState&) const = default;
};

/// Commands (SPEC section 4): lock, unlock, arm, disarm, verification mode, unlock mode.
enum class CommandKind : uint8_t {
  Lock = 1,
  Unlock = 2,
  Arm = 3,
  Disarm = 4,
  SetVerificationMode = 5,
  SetUnlockMode = 6,
};
const char* toString(CommandKind kind);

struct CommandRequest {
  CommandKind kind = CommandKind::Lock;
  std::string value;          ///< the mode for the Set* commands
  int64_t expires_at_ms = 0;  ///< server clock; the controller refuses it later (by its synchronised clock)
};

// Payload codecs. encode* writes one payload; decode* reads one and throws ProtocolError naming
// the message and the byte for anything malformed, including trailing bytes.
std::vector<uint8_t> encodeResult(ResultCode code, std::span<const uint8_t> body = {});
/// The result code and a reader over the rest.
ResultCode decodeResult(std::span<const uint8_t> payload, std::span<const uint8_t>& body);

std::vector<uint8_t> encodeStatus(const ControllerStatus& status);
ControllerStatus decodeStatus(std::span<const uint8_t> body);

/// How an event batch is written (docs/protocols/controller.md, "Event batch").
enum class EventForm : uint8_t {
  Plain = 0,     ///< the records as they are
  Deflated = 1,  ///< the records deflated: five to seven times as many events a frame
};

/// Writes an event batch of as many events of `events` (from index `first`, at most 255) as fit
/// `maxBytes`; returns how many. A deflated batch is written plain when that holds as many.
std::size_t encodeEvents(const std::vector<EventRecord>& events, std::size_t first, std::size_t maxBytes,
                         ByteWriter& out, EventForm form = EventForm::Plain);
/// Reads a batch in either form.
EventBatch decodeEvents(std::span<const uint8_t> body);

/// Reads a table id byte; throws ProtocolError for an unknown table.
TableId readTableId(ByteReader& in);

void encodeTableState(const TableState& state, ByteWriter& out);
TableState decodeTableState(ByteReader& in);

std::vector<uint8_t> encodeCommand(const CommandRequest& command);
CommandRequest decodeCommand(std::span<const uint8_t> payload);

/// Where users are for global anti-passback (0x24): one run of a transfer of the whole area's
/// places; the first run tells the controller to forget every place it knew.
struct PassbackPlaces {
  bool forget_first = false;
  std::vector<std::pair<int64_t, bool>> places;  ///< user_ref (> 0), inside the area
};
/// As many of `places` as fit `maxBytes` (at least one when any is left), written to `out`;
/// returns how many went in.
std::size_t encodePassbackPlaces(bool forgetFirst, std::span<const std::pair<int64_t, bool>> places,
                                 std::size_t maxBytes, ByteWriter& out);
std::vector<uint8_t> encodePassbackPlaces(const PassbackPlaces& places);
PassbackPlaces decodePassbackPlaces(std::span<const uint8_t> payload);

}  // namespace monban::controller
