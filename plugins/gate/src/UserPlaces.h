#pragma once

#include <cstdint>
#include <set>
#include <vector>

#include <monban/sdk/database.h>
#include <monban/sdk/host.hpp>

#include "MissedPassbackUpdates.h"

namespace monban::gate {

/// Whose places: a global anti-passback area's (keyed by area id) or a gate's with
/// anti-passback of its own (keyed by gate id).
enum class PlaceScope { Area, Gate };

/// Where each user is for anti-passback, as the server last heard from the controllers: per
/// global anti-passback area (table `gate_passback_places`) and per gate with anti-passback of
/// its own (table `gate_passback_gate_places`), both gate plugin migration 6. A controller that
/// starts afresh, or joins an area, gets its places from here (message 0x24), so it does not let
/// a user in twice until that user's next grant.
class UserPlaces {
public:
  explicit UserPlaces(monban::sdk::Host host) : host_(host) {}

  static monban_migration migration(uint32_t version);

  /// Records `moves` (in the order they happened) for `key`; the last of each user wins.
  void record(PlaceScope scope, int64_t key, const std::vector<PassbackMove>& moves);
  /// The places of `key`, by user.
  std::vector<PassbackMove> of(PlaceScope scope, int64_t key) const;
  /// Forgets the places of areas not in `areas` (deleted) and of gates not in `ownGates` (their
  /// own anti-passback turned off, or deleted).
  void keepOnly(const std::set<int64_t>& areas, const std::set<int64_t>& ownGates);

private:
  monban::sdk::Host host_;
};

}  // namespace monban::gate
