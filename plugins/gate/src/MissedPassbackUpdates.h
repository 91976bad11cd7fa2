#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <monban/sdk/database.h>
#include <monban/sdk/host.hpp>

namespace monban::gate {

/// A user's place for one area: inside (entered last) or outside (left last).
using PassbackMove = std::pair<int64_t, bool>;

/// Writes the last place of each user in `moves` as the row (`keyColumn` = key, user_ref,
/// inside, `timeColumn` = now) of `table`, replacing the row the user had: the plugin's portable
/// upsert, in one transaction.
void writePlaces(monban::sdk::Host host, const std::string& table, const std::string& keyColumn,
                 const std::string& timeColumn, int64_t key, const std::vector<PassbackMove>& moves);

/// Anti-passback updates a controller of an area did not take, newest per user, kept in the
/// gate plugin's table `gate_passback_missed` (migration 4) until the controller takes them, so a
/// host restart in between loses none. Only misses are written: a delivered relay costs nothing.
class MissedPassbackUpdates {
public:
  explicit MissedPassbackUpdates(monban::sdk::Host host) : host_(host) {}

  static monban_migration migration(uint32_t version);

  /// Every kept update: gate → user → inside.
  std::map<int64_t, std::map<int64_t, bool>> load() const;
  /// Keeps `moves` for `gate`, each replacing an older one of the same user.
  void keep(int64_t gate, const std::vector<PassbackMove>& moves);
  /// Forgets the kept updates of `users` at `gate`: they were delivered, or a newer one was.
  void forget(int64_t gate, const std::vector<int64_t>& users);

private:
  monban::sdk::Host host_;
};

}  // namespace monban::gate
