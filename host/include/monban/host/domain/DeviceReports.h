#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "monban/host/domain/DomainContext.h"
#include "monban/host/domain/HistoryEvent.h"

namespace soci {
class session;
}

namespace monban::host::domain {

/// Fills what a device does not know from what it does: the user's ID, name, affiliation and
/// affiliation path from `user_ref`, and the management group from `gate_id`, as they are now
/// (history keeps them as they were when it happened). A few prepared queries per batch.
void enrichDeviceEvents(const Database::Lease& lease, std::vector<HistoryEvent>& events);

/// The highest event sequence number of `controllerId` committed to the history, if any.
std::optional<int64_t> lastCommittedSeq(soci::session& session, int64_t controllerId);

/// A gate's state as its controller reported it.
struct GateStateReport {
  int64_t gate_id = 0;
  std::string lock_state;   ///< locked / unlocked
  std::string guard_state;  ///< armed / disarmed
  std::string extra_json;   ///< more fields for live listeners ("online", "alarms", ...), a JSON object's members
};

/// Stores a reported lock and guard state when it differs from the gate's row (without touching
/// its settings' history: the device reports, nobody edited), and publishes "monban.gates.state".
/// Returns false for an unknown gate.
bool reportGateState(const DomainContext& context, const GateStateReport& report);

}  // namespace monban::host::domain
