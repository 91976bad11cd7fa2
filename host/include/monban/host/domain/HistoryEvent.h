#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace monban::host::domain {

/// What a history event records (SPEC section 3, "History").
enum class HistoryKind { Access = 1, Alarm = 2, GateOperation = 3, GateManagement = 4 };

/// Which reader of the gate saw it.
enum class Direction { None = 0, Entry = 1, Exit = 2 };

/// Bits of HistoryEvent::flags.
inline constexpr int64_t kHistoryClockSkewed = 1;  ///< controller clock and host clock disagree by over 5 minutes
inline constexpr int64_t kHistoryGap = 2;          ///< a record that events were lost, not an event itself

const char* toString(HistoryKind kind);
std::optional<HistoryKind> historyKindFromString(std::string_view text);
const char* toString(Direction direction);

/// One event as a controller (or the host) reports it. Empty text means NULL.
struct HistoryEvent {
  HistoryKind kind = HistoryKind::Access;
  int64_t occurred_at_ms = 0;  ///< the controller's clock
  int64_t received_at_ms = 0;  ///< the host's clock; 0 means "now" when appended
  /// The controller and its event sequence number: together they identify a redelivery.
  /// Both set or both absent.
  std::optional<int64_t> controller_id;
  std::optional<int64_t> event_seq;
  std::optional<int64_t> gate_id;
  std::optional<int64_t> management_group_id;
  std::optional<int64_t> user_ref;  ///< access_users.id at the time; the user may be gone since
  std::string user_id;              ///< copied at write time so history outlives the user
  std::string user_name;
  std::optional<int64_t> affiliation_id;
  std::string affiliation_path;  ///< "/1/7/": decides which affiliation-scoped operators see it
  std::string card_data;
  Direction direction = Direction::None;
  std::string code;  ///< "granted", "denied_no_permission", "intrusion", "events_lost", ...
  std::string detail;
  int64_t flags = 0;
};

/// A stored event with its id.
struct HistoryRecord {
  int64_t id = 0;
  HistoryEvent event;
};

/// The record written when a controller's sequence jumps: events `firstLostSeq`..`lastLostSeq`
/// of `controllerId` are gone. It takes the sequence key (controller, -firstLostSeq), so a
/// redelivered gap record is stored once like any event, and never counts as an acknowledged seq.
HistoryEvent gapRecord(int64_t controllerId, int64_t firstLostSeq, int64_t lastLostSeq, int64_t occurredAtMs,
                       std::optional<int64_t> gateId = std::nullopt,
                       std::optional<int64_t> managementGroupId = std::nullopt);

}  // namespace monban::host::domain
