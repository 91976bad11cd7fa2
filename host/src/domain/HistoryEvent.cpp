#include "monban/host/domain/HistoryEvent.h"

namespace monban::host::domain {

const char* toString(HistoryKind kind) {
  switch (kind) {
    case HistoryKind::Access:
      return "access";
    case HistoryKind::Alarm:
      return "alarm";
    case HistoryKind::GateOperation:
      return "gate_operation";
    case HistoryKind::GateManagement:
      return "gate_management";
  }
  return "unknown";
}

std::optional<HistoryKind> historyKindFromString(std::string_view text) {
  for (HistoryKind kind :
       {HistoryKind::Access, HistoryKind::Alarm, HistoryKind::GateOperation, HistoryKind::GateManagement})
    if (text == toString(kind)) return kind;
  return std::nullopt;
}

const char* toString(Direction direction) {
  switch (direction) {
    case Direction::None:
      return "none";
    case Direction::Entry:
      return "entry";
    case Direction::Exit:
      return "exit";
  }
  return "unknown";
}

HistoryEvent gapRecord(int64_t controllerId, int64_t firstLostSeq, int64_t lastLostSeq, int64_t occurredAtMs,
                       std::optional<int64_t> gateId, std::optional<int64_t> managementGroupId) {
  HistoryEvent event;
  event.kind = HistoryKind::Alarm;
  event.occurred_at_ms = occurredAtMs;
  event.controller_id = controllerId;
  event.event_seq = -firstLostSeq;
  event.gate_id = gateId;
  event.management_group_id = managementGroupId;
  event.code = "events_lost";
  event.detail = "events lost from seq " + std::to_string(firstLostSeq) + " to seq " + std::to_string(lastLostSeq) +
                 " at controller " + std::to_string(controllerId);
  event.flags = kHistoryGap;
  return event;
}

}  // namespace monban::host::domain
