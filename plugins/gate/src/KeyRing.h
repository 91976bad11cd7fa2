#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "monban/controller/FrameKeys.h"

namespace monban::gate {

using monban::controller::Key256;

/// One installation secret and the key epoch a controller uses it under.
struct PeerKey {
  Key256 secret{};
  uint8_t epoch = 0;
};

/// The key a controller is known to use, and the one a key change left unconfirmed because
/// every answer to it was lost (the controller may or may not have changed; its next
/// authenticated frame tells).
struct KeyState {
  PeerKey current;
  std::optional<PeerKey> unconfirmed;
};

/// A short public fingerprint of a secret (16 hex digits), so the database can say which
/// secret a controller uses without holding it in the clear.
std::string keyCheck(const Key256& secret);

/// One secret sealed (AES-256-GCM) under a key derived from another one.
struct RingSeal {
  std::string secret_check;  ///< keyCheck of the sealed secret
  std::string wrapped_by;    ///< keyCheck of the secret that opens it
  std::array<uint8_t, 60> sealed{};
};

RingSeal sealInRing(const Key256& secret, const Key256& wrapper);

/// Every secret that can be opened from `start` through `seals`, each seal opened by a secret
/// already recovered, keyed by keyCheck; `start` itself included. Seals that do not open
/// (damaged, or sealed under a secret not reached) are left out.
std::map<std::string, Key256> openRing(const Key256& start, const std::vector<RingSeal>& seals);

}  // namespace monban::gate
