#pragma once

#include <cstdint>
#include <set>

#include <monban/sdk/database.h>
#include <monban/sdk/host.hpp>

namespace monban::gate {

/// Anti-passback of a gate on its own (area 0 in its gate parameters): the controller refuses a
/// second entry, or a second exit, in a row by the same user, and tells no other controller. A
/// gate in a global anti-passback area follows the area instead. Kept in the gate plugin's table
/// `gate_passback_single` (gate plugin migration 5).
class SingleGatePassback {
public:
  explicit SingleGatePassback(monban::sdk::Host host) : host_(host) {}

  static monban_migration migration(uint32_t version);

  /// The gates with anti-passback of their own.
  std::set<int64_t> gates() const;
  /// Turns it on or off for `gate`; returns whether that changed anything.
  bool set(int64_t gate, bool enforced);

private:
  monban::sdk::Host host_;
};

}  // namespace monban::gate
