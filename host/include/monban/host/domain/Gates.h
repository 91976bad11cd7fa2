#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace monban::host::domain {

/// A set of gates with one calendar; operators are granted rights per management group.
struct ManagementGroup {
  int64_t id = 0;
  std::string code;
  std::string name;
  std::string description;
  std::optional<int64_t> calendar_id;  ///< the group's calendar (scheduler plugin)
  int64_t updated_at_ms = 0;
};

/// A door controlled by a door controller.
struct Gate {
  int64_t id = 0;
  std::string code;
  std::string name;
  int64_t management_group_id = 0;
  std::string controller_address;  ///< IPv4 address of the controller, optionally with :port
  std::string entry_reader;
  std::string exit_reader;
  std::string lock_state = "locked";       ///< locked, unlocked
  std::string guard_state = "disarmed";    ///< armed, disarmed
  std::string verification_mode = "card";  ///< card, card_and_pin, card_or_pin, finger_vein, card_and_finger_vein
  std::string unlock_mode = "schedule";    ///< schedule, always_unlocked, always_locked
  int64_t door_open_seconds = 5;           ///< how long the lock stays released after a granted credential, 1-600
  int64_t updated_at_ms = 0;
};

/// A named set of gates used to grant access to many gates at once.
struct GateGroup {
  int64_t id = 0;
  std::string code;
  std::string name;
  std::string description;
  std::vector<int64_t> gate_ids;
  int64_t updated_at_ms = 0;
};

}  // namespace monban::host::domain
