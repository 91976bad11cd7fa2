#pragma once

#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include <monban/sdk/database.h>
#include <monban/sdk/host.hpp>

#include "KeyRing.h"

namespace monban::gate {

/// Which installation secret and key epoch each controller uses, kept in the database so that a
/// key change survives a restart (docs/protocols/controller.md, "Changing the key").
///
/// Secrets are never stored in the clear. The key ring holds each secret the installation has
/// used sealed under every other one, so gate.ini's password opens all of them: the old one
/// (gate.ini not yet updated after a change) or the new one (updated, while a controller that
/// missed the change still uses the old secret).
class ControllerKeyStore {
public:
  ControllerKeyStore(monban::sdk::Host host, const Key256& configured);

  /// The migration of its two tables (gate plugin migration 2).
  static monban_migration migration(uint32_t version);

  /// Reads the ring and every controller's key state. Logs, once, controllers that use a
  /// password other than gate.ini's, and those whose secret cannot be recovered. Removes from
  /// the ring the passwords neither gate.ini nor any controller uses, when every controller's
  /// could be recovered.
  void load();
  /// The key `gate`'s controller uses: gate.ini's at epoch 0 when it never changed.
  KeyState state(int64_t gate) const;
  /// Adds `next` to the ring, sealed with every secret known and each of those sealed with it.
  /// Called before any controller is asked to change, so no controller uses a secret the
  /// database cannot give back.
  void remember(const Key256& next);
  void save(int64_t gate, const KeyState& state);

private:
  /// Deletes the seals of secrets outside `used` (key checks); called with mutex_ held.
  void prune(const std::vector<RingSeal>& seals, const std::set<std::string>& used);

  monban::sdk::Host host_;
  Key256 configured_;
  mutable std::mutex mutex_;
  std::map<std::string, Key256> known_;  ///< keyCheck → secret
  std::map<int64_t, KeyState> states_;
};

}  // namespace monban::gate
