#pragma once

#include <cstdint>
#include <set>
#include <vector>

#include <monban/sdk/database.h>
#include <monban/sdk/host.hpp>

#include "MissedPassbackUpdates.h"

namespace monban::gate {

/// Where each user is for each global anti-passback area, as the server last heard from the
/// area's controllers, kept in the gate plugin's table `gate_passback_places` (migration 6). A
/// controller that starts afresh, or joins an area, gets the area's places from here
/// (message 0x24), so it does not let a user in twice until that user's next grant.
class AreaPlaces {
public:
  explicit AreaPlaces(monban::sdk::Host host) : host_(host) {}

  static monban_migration migration(uint32_t version);

  /// Records `moves` (in the order they happened) for `area`; the last of each user wins.
  void record(int64_t area, const std::vector<PassbackMove>& moves);
  /// The places of `area`, by user.
  std::vector<PassbackMove> of(int64_t area) const;
  /// Forgets the places of every area not in `areas` (deleted areas).
  void keepOnly(const std::set<int64_t>& areas);

private:
  monban::sdk::Host host_;
};

}  // namespace monban::gate
