#pragma once

#include <array>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <monban/sdk/domain.h>
#include <monban/sdk/host.hpp>

#include "ControllerKeyStore.h"
#include "ControllerLink.h"
#include "EventIngest.h"
#include "MissedPassbackUpdates.h"
#include "PassbackAreas.h"
#include "SingleGatePassback.h"
#include "TableCompiler.h"
#include "UserPlaces.h"

namespace monban::gate {

struct DriverOptions {
  int workers = 50;                 ///< controllers talked to at once (SPEC section 5)
  int64_t poll_ms = 60'000;         ///< status collection
  int64_t fetch_ms = 300'000;       ///< history collection
  int64_t command_ttl_ms = 10'000;  ///< a command not carried out by then never is
  int offline_after = 2;            ///< failed polls before a controller is offline
  int64_t change_delay_ms = 100;    ///< domain changes gathered this long before deltas go out
};

/// What one table transfer, verification or command did on one controller.
struct ControllerOutcome {
  int64_t gate_id = 0;
  bool ok = false;
  std::string message;
};

/// Drives every door controller: polls state, collects events into the history (acknowledged
/// only after commit), sends tables (deltas within a second of a domain change, full transfers
/// on jobs and on request), time sync, commands, verification and repair (docs/gate.md).
class GateDriver {
public:
  GateDriver(monban::sdk::Host host, const monban_domain_service* domain, ControllerLink::Options link,
             const Key256& secret, CardParameters cardParameters, DriverOptions options);
  ~GateDriver();
  void migrate();
  void start();
  void stop();

  /// Every controller's state as JSON ({"items":[...]}), or one gate's.
  std::string stateJson(std::optional<int64_t> gate) const;
  /// Runs a command on the gate's controller; fails at once when it is offline, and the
  /// controller refuses it once expired.
  ControllerOutcome command(int64_t gate, CommandKind kind, const std::string& value);
  /// Sends the tables (all when empty) to the gates (all when empty); only those whose digest
  /// differs from what the controller acknowledged when `onlyChanged`. Waits for the answers.
  std::vector<ControllerOutcome> transfer(const std::set<int64_t>& gates, const std::set<TableId>& tables,
                                          bool onlyChanged);
  /// Compares each controller's tables with the database; repairs drift when `repair`.
  std::vector<ControllerOutcome> verify(const std::set<int64_t>& gates, bool repair);
  std::vector<ControllerOutcome> timeSync();
  /// Reads the state of the gates' controllers (all when empty) now instead of at the next poll.
  std::vector<ControllerOutcome> pollNow(const std::set<int64_t>& gates);
  /// Changes the mutual-authentication password on every controller that answers.
  std::vector<ControllerOutcome> changeKey(const std::string& newPassword);
  /// "Would this card open that gate at that time?": the one decision over the tables the gate's
  /// controller should hold now (docs/gate.md). JSON.
  std::string explain(int64_t gate, const std::string& card, const std::string& pin, access::Reader reader,
                      int64_t atMs) const;

  /// A table as the gate's controller holds it, read chunk by chunk (table read, 0x15): the
  /// controller→server transfer. Throws std::runtime_error saying why when the gate has no
  /// controller, it is offline, does not answer, refuses, or answers out of protocol.
  std::vector<uint8_t> readTable(int64_t gate, TableId table);
  /// The tables the database says the gate's controller should hold (permissions left empty).
  CompiledTables expectedTables(int64_t gate) const;

  /// Domain changes: the affected controllers get deltas (or a full table) shortly after.
  void usersChanged(const std::set<int64_t>& userRefs, bool complete);
  void gatesChanged();

  /// The global anti-passback areas; after a change call passbackAreasChanged().
  PassbackAreas& passbackAreas() { return areas_; }
  /// Anti-passback of single gates; after a change call passbackAreasChanged().
  SingleGatePassback& singleGatePassback() { return single_passback_; }
  /// Relays follow the areas at once; the gates' new parameters go out within a second, and a
  /// gate that joined an area gets the area's places.
  void passbackAreasChanged();
  /// Sends each controller of `gates` (all when empty) with anti-passback where the users of its
  /// area (or of its gate alone) are now, replacing what it knew.
  std::vector<ControllerOutcome> sendPlaces(const std::set<int64_t>& gates);
  /// The code of each gate the driver knows, by id.
  std::map<int64_t, std::string> gateCodes() const;
  /// The gates `ids` as the database gives them now, with the gate parameters each controller
  /// should hold; none for an empty set.
  std::vector<GateRow> gateRows(const std::set<int64_t>& ids) const;

  uint16_t port() const { return link_.boundPort(); }
  std::string countersJson() const;

private:
  struct Controller;
  using Task = std::function<void(Controller&)>;
  void loadControllers();
  std::vector<uint8_t> readTableFrom(Controller& c, TableId table);
  /// A domain change reaching one controller: its permissions (a delta when it can), and the
  /// gate parameters of `parameters` too when given (gates changed).
  void sendChange(Controller& c, const CardTable& cards, const CompiledTables* parameters);
  /// The tables the database gives the gate's controller; nullopt when the gate is gone.
  std::optional<CompiledTables> tablesOf(int64_t gate, bool withPermissions) const;
  /// Why the gate's controller cannot be asked now (no controller, or offline: then followed by
  /// `consequence`); nullopt when it can.
  std::optional<std::string> unreachable(int64_t gate, const std::string& consequence) const;
  void enqueue(int64_t gate, Task task, bool front = false);
  void workerLoop();
  void timerLoop();
  // Tasks, run on a worker with the controller to itself.
  void poll(Controller& c);
  void fetch(Controller& c);
  bool sendTable(Controller& c, TableId table, const CompiledTables& tables, std::string& message);
  bool sendPermissions(Controller& c, const CardTable& expected, std::string& message);
  /// Whether the controller acknowledged a table with the digest of `expected`'s.
  bool holds(Controller& c, TableId table, const CompiledTables& expected) const;
  void verifyOne(Controller& c, const CompiledTables& expected, bool repair, ControllerOutcome& out);
  void markOnline(Controller& c, bool online, const std::string& why);
  void onPush(uint32_t controller, uint32_t requestId, std::vector<EventRecord> events);
  /// Where the users of new grants at `c` now are (inside after an entry, outside after an exit),
  /// for the other controllers of its anti-passback area. Needs mutex_ held.
  struct PassbackRelay {
    std::vector<std::pair<int64_t, bool>> moves;  ///< user, inside after
    std::vector<int64_t> peers;
    int64_t area = 0;    ///< the global anti-passback area; 0 for a gate alone or none
    int64_t source = 0;  ///< the gate whose events these are; 0 when no anti-passback applies
  };
  PassbackRelay passbackRelay(Controller& c, const std::vector<EventRecord>& events);
  /// Sends a relay to each peer through its own queue (without mutex_ held). What a peer does
  /// not take is kept for it (passback_missed) and sent again when it next answers a poll. The
  /// area's places (places_) follow through the source's queue.
  void sendPassbackRelay(const PassbackRelay& relay);
  /// Sends the places of the controller's area, or of its gate alone (0x24), the first run
  /// telling it to forget what it knew; kept updates it missed are then settled. Runs on the
  /// controller's worker.
  bool sendPassbackPlaces(Controller& c, std::string& message);
  /// sendPassbackPlaces() when its memory started over or it joined an area, logging the outcome.
  void sendPlacesIfDue(Controller& c);
  /// Sends `moves` to the peer; returns false after the first it did not take, keeping that one
  /// and those after it for the next poll. Runs on the peer's worker.
  bool deliverPassbackMoves(Controller& peer, const std::vector<std::pair<int64_t, bool>>& moves);
  void reconcile();
  void recordAlarm(int64_t gate, const std::string& code, const std::string& detail);
  void reportState(Controller& c);
  void saveTableState(int64_t gate, const TableState& state);
  std::string callDomain(const std::string& method, const std::string& request) const;
  Controller* find(int64_t gate) const;
  /// Runs `task` on each of `gates` and waits for all; the task fills the outcome.
  /// `task` over the gates (all when empty) with the tables the database gives each, compiled a
  /// slice of kCompileSlice gates at a time just before the slice runs: a run over every gate
  /// then holds a fraction of the permission tables, not all of them (2 GiB for 1,000 gates of
  /// 3,000 entries each).
  static constexpr std::size_t kCompileSlice = 200;
  std::vector<ControllerOutcome> forEachCompiled(
      const std::set<int64_t>& gates, bool withPermissions,
      const std::function<void(Controller&, const CompiledTables&, ControllerOutcome&)>& task);
  std::vector<ControllerOutcome> forEach(const std::set<int64_t>& gates,
                                         const std::function<void(Controller&, ControllerOutcome&)>& task);

  monban::sdk::Host host_;
  const monban_domain_service* domain_;
  DriverOptions options_;
  ControllerKeyStore keys_;
  PassbackAreas areas_;
  MissedPassbackUpdates missed_;
  UserPlaces places_;
  SingleGatePassback single_passback_;
  std::atomic<int> first_poll_repairs_{0};  ///< tables repaired when a controller first answered
  TableCompiler compiler_;
  ControllerLink link_;
  EventIngest ingest_;

  mutable std::mutex mutex_;
  std::condition_variable work_;
  std::map<int64_t, std::unique_ptr<Controller>> controllers_;
  std::deque<int64_t> ready_;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
  std::thread timer_;
  std::thread startup_;
  std::condition_variable timer_wake_;
  // Pending domain changes, gathered for change_delay_ms.
  std::set<int64_t> changed_users_;
  bool changed_all_ = false;
  bool gates_changed_ = false;
  int64_t change_due_ms_ = 0;
  std::atomic<uint64_t> rejected_logged_{0};
};

}  // namespace monban::gate
