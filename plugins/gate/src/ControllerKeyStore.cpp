#include "ControllerKeyStore.h"

#include "Migration.h"

#include <vector>

#include <monban/sdk/database.hpp>

#include "Hex.h"

namespace monban::gate {

using monban::sdk::Database;
using monban::sdk::Row;

namespace {

const char* const kMigration[] = {
    "CREATE TABLE gate_controller_keys (gate_id BIGINT NOT NULL PRIMARY KEY, key_epoch INTEGER NOT NULL,"
    " key_check VARCHAR(16) NOT NULL, unconfirmed_epoch INTEGER NOT NULL, unconfirmed_check VARCHAR(16) NOT NULL,"
    " changed_at_ms BIGINT NOT NULL)",
    "CREATE TABLE gate_key_ring (secret_check VARCHAR(16) NOT NULL, wrapped_by VARCHAR(16) NOT NULL,"
    " sealed VARCHAR(120) NOT NULL, PRIMARY KEY (secret_check, wrapped_by))",
};

}  // namespace

ControllerKeyStore::ControllerKeyStore(monban::sdk::Host host, const Key256& configured)
    : host_(host), configured_(configured) {
  known_.emplace(keyCheck(configured), configured);
}

monban_migration ControllerKeyStore::migration(uint32_t version) {
  return migrationOf(version, "each controller's key epoch and the key ring", kMigration);
}

void ControllerKeyStore::load() {
  std::vector<RingSeal> seals;
  struct Stored {
    int64_t gate;
    uint8_t epoch;
    std::string check;
    int64_t unconfirmed_epoch;
    std::string unconfirmed_check;
  };
  std::vector<Stored> stored;
  {
    Database db = host_.database();
    db.query("SELECT secret_check, wrapped_by, sealed FROM gate_key_ring", {}, [&](const Row& row) {
      RingSeal seal;
      seal.secret_check = row.text(0);
      seal.wrapped_by = row.text(1);
      if (fromHex(row.text(2), seal.sealed)) seals.push_back(std::move(seal));
      return true;
    });
    db.query("SELECT gate_id, key_epoch, key_check, unconfirmed_epoch, unconfirmed_check FROM gate_controller_keys", {},
             [&](const Row& row) {
               stored.push_back(
                   {row.integer(0), static_cast<uint8_t>(row.integer(1)), row.text(2), row.integer(3), row.text(4)});
               return true;
             });
  }
  std::lock_guard lock(mutex_);
  known_ = openRing(configured_, seals);
  states_.clear();
  const std::string configuredCheck = keyCheck(configured_);
  int other = 0;
  bool allRecovered = true;
  std::set<std::string> used = {configuredCheck};
  for (const auto& s : stored) {
    KeyState state;
    state.current.epoch = s.epoch;
    used.insert(s.check);
    if (s.unconfirmed_epoch >= 0) used.insert(s.unconfirmed_check);
    const auto found = known_.find(s.check);
    if (found == known_.end()) {
      allRecovered = false;
      host_.warning("gate " + std::to_string(s.gate) +
                    ": its controller uses a mutual-authentication password this server cannot recover (neither "
                    "gate.ini's password nor one in the key ring opens it); set gate.ini's password to the one last "
                    "set with the key change, or set the controller up again with gate.ini's password");
      state.current.secret = configured_;
    } else {
      state.current.secret = found->second;
      if (s.check != configuredCheck) ++other;
    }
    if (s.unconfirmed_epoch >= 0) {
      const auto candidate = known_.find(s.unconfirmed_check);
      if (candidate != known_.end())
        state.unconfirmed = PeerKey{candidate->second, static_cast<uint8_t>(s.unconfirmed_epoch)};
    }
    states_[s.gate] = state;
  }
  if (other > 0)
    host_.info(std::to_string(other) +
               " controllers use a mutual-authentication password other than gate.ini's, opened from the key ring; "
               "controllers without a key change (new ones) use gate.ini's");
  // A password no controller uses any more (and not gate.ini's) leaves the ring, so an old one,
  // perhaps changed because it leaked, no longer opens the secrets in use. Not while some
  // controller's secret cannot be recovered: gate.ini may be the one to correct.
  if (allRecovered) prune(seals, used);
}

void ControllerKeyStore::prune(const std::vector<RingSeal>& seals, const std::set<std::string>& used) {
  std::vector<const RingSeal*> unused;
  for (const auto& seal : seals)
    if (used.count(seal.secret_check) == 0 || used.count(seal.wrapped_by) == 0) unused.push_back(&seal);
  if (unused.empty()) return;
  std::set<std::string> dropped;
  {
    Database db = host_.database();
    monban::sdk::Transaction tx(db);
    for (const RingSeal* seal : unused) {
      db.execute("DELETE FROM gate_key_ring WHERE secret_check = :s AND wrapped_by = :w",
                 {seal->secret_check, seal->wrapped_by});
      for (const std::string* check : {&seal->secret_check, &seal->wrapped_by})
        if (used.count(*check) == 0) dropped.insert(*check);
    }
    tx.commit();
  }
  for (const auto& check : dropped) known_.erase(check);
  host_.info("key ring: " + std::to_string(dropped.size()) +
             " mutual-authentication password(s) no controller uses "
             "any more removed (" +
             std::to_string(unused.size()) + " seals)");
}

KeyState ControllerKeyStore::state(int64_t gate) const {
  std::lock_guard lock(mutex_);
  const auto found = states_.find(gate);
  if (found != states_.end()) return found->second;
  return KeyState{PeerKey{configured_, 0}, std::nullopt};
}

void ControllerKeyStore::remember(const Key256& next) {
  std::lock_guard lock(mutex_);
  const std::string nextCheck = keyCheck(next);
  std::vector<RingSeal> seals;
  for (const auto& [check, secret] : known_) {
    if (check == nextCheck) continue;
    seals.push_back(sealInRing(next, secret));
    seals.push_back(sealInRing(secret, next));
  }
  Database db = host_.database();
  monban::sdk::Transaction tx(db);
  for (const auto& seal : seals) {
    db.execute("DELETE FROM gate_key_ring WHERE secret_check = :s AND wrapped_by = :w",
               {seal.secret_check, seal.wrapped_by});
    db.execute("INSERT INTO gate_key_ring (secret_check, wrapped_by, sealed) VALUES (:s, :w, :k)",
               {seal.secret_check, seal.wrapped_by, toHex(seal.sealed)});
  }
  tx.commit();
  known_.emplace(nextCheck, next);
}

void ControllerKeyStore::save(int64_t gate, const KeyState& state) {
  std::lock_guard lock(mutex_);
  Database db = host_.database();
  monban::sdk::Transaction tx(db);
  db.execute("DELETE FROM gate_controller_keys WHERE gate_id = :g", {gate});
  db.execute(
      "INSERT INTO gate_controller_keys (gate_id, key_epoch, key_check, unconfirmed_epoch, unconfirmed_check,"
      " changed_at_ms) VALUES (:g, :e, :c, :ue, :uc, :t)",
      {gate, static_cast<int64_t>(state.current.epoch), keyCheck(state.current.secret),
       state.unconfirmed ? static_cast<int64_t>(state.unconfirmed->epoch) : int64_t{-1},
       state.unconfirmed ? keyCheck(state.unconfirmed->secret) : std::string(), host_.nowMs()});
  tx.commit();
  states_[gate] = state;
}

}  // namespace monban::gate
