#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
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
///
/// The users' facts are kept for one users revision (which every change to a user or an
/// affiliation bumps in its own transaction, see bumpUsersRevision), since the same people
/// badge many times a day: a batch reads only users it has not seen since the last change.
/// Gates are read every time: a gate's management group has no revision, and a batch names few.
class DeviceEventFacts {
public:
  /// At most this many users are kept (the most cardholders a server holds); full, it starts over.
  static constexpr std::size_t kMostUsers = 300'000;

  void fill(const Database::Lease& lease, std::vector<HistoryEvent>& events);

private:
  struct UserFacts {
    std::string user_id, name, path;
    std::optional<int64_t> affiliation;
  };
  std::mutex mutex_;
  int64_t revision_ = -1;
  std::unordered_map<int64_t, std::optional<UserFacts>> users_;  ///< nullopt: no such user
};

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
