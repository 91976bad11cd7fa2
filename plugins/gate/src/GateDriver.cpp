#include "GateDriver.h"
#include "Hex.h"
#include "Migration.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <future>
#include <sstream>

#include <monban/sdk/database.hpp>
#include <monban/sdk/domain.hpp>

namespace monban::gate {

using monban::sdk::Database;
using monban::sdk::Row;

namespace {

/// The permission table a controller acknowledged, kept compact: its encoding (decoded again to
/// work out a delta) and its users, sorted (which controllers a user's change touches). Kept as
/// a map it took over a megabyte a controller of 3,000 entries: a gigabyte for 1,000 controllers.
struct SentPermissions {
  SentPermissions(std::vector<uint8_t> bytes, const CardTable& cards) : encoded(std::move(bytes)) {
    users.reserve(cards.size());
    for (const auto& [card, holder] : cards) users.push_back(holder.user_ref);
    std::sort(users.begin(), users.end());
    users.erase(std::unique(users.begin(), users.end()), users.end());
  }
  bool holdsAny(const std::set<int64_t>& refs) const {
    for (int64_t ref : refs)
      if (std::binary_search(users.begin(), users.end(), ref)) return true;
    return false;
  }
  std::vector<uint8_t> encoded;
  std::vector<int64_t> users;
};

}  // namespace

struct GateDriver::Controller {
  GateRow gate;
  uint32_t id() const { return static_cast<uint32_t>(gate.id); }
  // Guarded by GateDriver::mutex_.
  std::deque<Task> tasks;
  bool busy = false;
  bool queued = false;
  bool poll_queued = false;
  bool fetch_queued = false;
  bool online = false;   ///< as last recorded (persisted, so a restart raises no alarm of its own)
  bool reached = false;  ///< answered since this start
  int failures = 0;
  int64_t last_seen_ms = 0;
  int64_t next_poll_ms = 0;
  int64_t next_fetch_ms = 0;
  std::optional<ControllerStatus> status;
  std::string reported_lock, reported_guard;
  std::array<std::optional<TableState>, kTableCount> held;  ///< as the controller acknowledged
  std::array<uint64_t, kTableCount> pending{};              ///< version being sent, 0 when none
  std::shared_ptr<const SentPermissions> sent_permissions;  ///< the acknowledged permission table
  uint64_t relayed_seq = 0;                 ///< events up to here were looked at for anti-passback relays
  std::map<int64_t, bool> passback_missed;  ///< user → inside, relays this controller did not take
  uint32_t push_queued = 0;                 ///< a push waiting for its commit: a repeat of it is not queued again
  bool places_due = false;                  ///< its memory started over or it joined an area: send its places
};

namespace {

std::string json(const Poco::JSON::Object& o) {
  std::ostringstream out;
  o.stringify(out);
  return out.str();
}

const char* const kMigration[] = {
    "CREATE TABLE gate_controllers (gate_id BIGINT NOT NULL PRIMARY KEY, online INTEGER NOT NULL,"
    " last_seen_ms BIGINT NOT NULL)",
    "CREATE TABLE gate_controller_tables (gate_id BIGINT NOT NULL, table_id INTEGER NOT NULL,"
    " version BIGINT NOT NULL, digest VARCHAR(32) NOT NULL, entries BIGINT NOT NULL, applied_at_ms BIGINT NOT NULL,"
    " PRIMARY KEY (gate_id, table_id))",
};

}  // namespace

GateDriver::GateDriver(monban::sdk::Host host, const monban_domain_service* domain, ControllerLink::Options link,
                       const Key256& secret, CardParameters cardParameters, DriverOptions options)
    : host_(host),
      domain_(domain),
      options_(options),
      keys_(host, secret),
      areas_(host),
      missed_(host),
      places_(host),
      single_passback_(host),
      compiler_(host, std::move(cardParameters)),
      link_(
          std::move(link),
          [this](uint32_t controller, uint32_t requestId, std::vector<EventRecord> events) {
            onPush(controller, requestId, std::move(events));
          },
          [this](const std::string& from, const std::string& reason) {
            // Logged, but not without bound: a flood of bad frames must not flood the log.
            const uint64_t n = ++rejected_logged_;
            if (n <= 100 || n % 10000 == 0)
              host_.warning("controller frame from " + from + " rejected: " + reason + " (" + std::to_string(n) +
                            " so far)");
          },
          [this](uint32_t controller, KeyState state) {
            // On the Asio thread: the database write goes to the controller's own queue.
            enqueue(controller, [this, state](Controller& c) {
              keys_.save(c.gate.id, state);
              host_.info("gate " + c.gate.code + ": unconfirmed key change settled, key epoch " +
                         std::to_string(state.current.epoch) + " in use");
            });
          }),
      ingest_(
          [this](const std::vector<monban_device_event>& events) {
            return monban::sdk::appendEvents(*domain_, host_.context(), events);
          },
          [this](int64_t controller, int64_t gate, uint64_t first, uint64_t last) {
            Poco::JSON::Object o;
            o.set("controller_id", controller);
            o.set("first_seq", static_cast<int64_t>(first));
            o.set("last_seq", static_cast<int64_t>(last));
            if (gate != 0) o.set("gate_id", gate);
            callDomain("history.append_gap", json(o));
            host_.warning("controller " + std::to_string(controller) + " lost events " + std::to_string(first) +
                          " to " + std::to_string(last));
          },
          [this](int64_t controller) -> std::optional<uint64_t> {
            Poco::JSON::Parser parser;
            const auto reply =
                parser.parse(callDomain("history.last_seq", "{\"controller_id\":" + std::to_string(controller) + "}"))
                    .extract<Poco::JSON::Object::Ptr>();
            if (reply->isNull("seq")) return std::nullopt;
            return static_cast<uint64_t>(reply->getValue<int64_t>("seq"));
          }) {}

GateDriver::~GateDriver() {
  stop();
}

void GateDriver::migrate() {
  const monban_migration migrations[] = {
      migrationOf(1, "controller state and the tables each controller holds", kMigration),
      ControllerKeyStore::migration(2),
      PassbackAreas::migration(3),
      MissedPassbackUpdates::migration(4),
      SingleGatePassback::migration(5),
      UserPlaces::migration(6)};
  host_.migrate(migrations);
}

std::string GateDriver::callDomain(const std::string& method, const std::string& request) const {
  return monban::sdk::callDomain(*domain_, host_.context(), method, 0, request);
}

void GateDriver::loadControllers() {
  std::map<int64_t, std::pair<bool, int64_t>> saved;
  std::map<int64_t, std::array<std::optional<TableState>, kTableCount>> held;
  {
    Database db = host_.database();
    db.query("SELECT gate_id, online, last_seen_ms FROM gate_controllers", {}, [&](const Row& row) {
      saved[row.integer(0)] = {row.integer(1) != 0, row.integer(2)};
      return true;
    });
    db.query("SELECT gate_id, table_id, version, digest, entries FROM gate_controller_tables", {}, [&](const Row& row) {
      const auto table = row.integer(1);
      if (table < 1 || table > kTableCount) return true;
      TableState s;
      s.table = static_cast<TableId>(table);
      s.version = static_cast<uint64_t>(row.integer(2));
      fromHex(row.text(3), s.digest);  // a damaged digest reads as zeros: drift, repaired
      s.entries = static_cast<uint32_t>(row.integer(4));
      held[row.integer(0)][table - 1] = s;
      return true;
    });
  }
  auto missed = missed_.load();
  const auto gates = compiler_.gates({});
  const int64_t now = host_.nowMs();
  std::lock_guard lock(mutex_);
  std::set<int64_t> present;
  for (const auto& g : gates) {
    present.insert(g.id);
    try {
      link_.setController(static_cast<uint32_t>(g.id), g.address, keys_.state(g.id));
    } catch (const std::invalid_argument& e) {
      host_.warning("gate " + g.code + ": " + e.what() + "; not driven");
      continue;
    }
    auto& c = controllers_[g.id];
    if (!c) {
      c = std::make_unique<Controller>();
      const auto found = saved.find(g.id);
      // A controller never seen counts as online until it fails, so a first start raises nothing.
      c->online = found == saved.end() ? true : found->second.first;
      c->last_seen_ms = found == saved.end() ? 0 : found->second.second;
      c->held = held[g.id];
      c->passback_missed = std::move(missed[g.id]);
      c->next_poll_ms = now;
      c->next_fetch_ms = now;
    } else if (g.parameters.anti_passback.enforced && g.parameters.anti_passback.area_id != 0 &&
               (!c->gate.parameters.anti_passback.enforced ||
                c->gate.parameters.anti_passback.area_id != g.parameters.anti_passback.area_id)) {
      c->places_due = true;  // joined an area: it knows nobody's place there
    }
    c->gate = g;
  }
  for (auto it = controllers_.begin(); it != controllers_.end();) {
    if (present.count(it->first) == 0 && !it->second->busy) {
      link_.removeController(static_cast<uint32_t>(it->first));
      it = controllers_.erase(it);
    } else {
      ++it;
    }
  }
}

void GateDriver::start() {
  keys_.load();
  link_.start();
  ingest_.start();
  loadControllers();
  for (int i = 0; i < options_.workers; ++i) workers_.emplace_back([this] { workerLoop(); });
  timer_ = std::thread([this] { timerLoop(); });
  // Resume where the last run left off: what each controller holds is compared with the
  // database and drift repaired (tables changed while the host was down, a replaced controller).
  startup_ = std::thread([this] {
    try {
      const auto outcomes = verify({}, true);
      int repaired = 0, unreachable = 0;
      for (const auto& o : outcomes) {
        if (o.message.rfind("repaired", 0) == 0) ++repaired;
        if (!o.ok && o.message.rfind("drift", 0) != 0) ++unreachable;
      }
      // A controller's first poll checks it too, and often first: its repairs count here.
      const int byPoll = first_poll_repairs_.exchange(0);
      host_.info("controllers checked at start: " + std::to_string(outcomes.size()) + ", repaired " +
                 std::to_string(repaired + byPoll) + " (" + std::to_string(byPoll) + " at their first poll)" +
                 ", not reached " + std::to_string(unreachable));
    } catch (const std::exception& e) {
      host_.warning(std::string("start-up check of the controllers failed: ") + e.what());
    }
  });
}

void GateDriver::stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
  }
  work_.notify_all();
  timer_wake_.notify_all();
  if (timer_.joinable()) timer_.join();
  link_.stop();  // unblocks workers waiting for answers
  {
    // Tasks never run: their waiters see a broken promise instead of waiting on.
    std::lock_guard lock(mutex_);
    for (auto& [id, c] : controllers_) c->tasks.clear();
  }
  if (startup_.joinable()) startup_.join();
  for (auto& w : workers_)
    if (w.joinable()) w.join();
  ingest_.stop();
}

GateDriver::Controller* GateDriver::find(int64_t gate) const {
  const auto found = controllers_.find(gate);
  return found == controllers_.end() ? nullptr : found->second.get();
}

void GateDriver::enqueue(int64_t gate, Task task, bool front) {
  {
    std::lock_guard lock(mutex_);
    Controller* c = find(gate);
    if (c == nullptr || stopping_) return;
    if (front)
      c->tasks.push_front(std::move(task));
    else
      c->tasks.push_back(std::move(task));
    if (!c->busy && !c->queued) {
      c->queued = true;
      ready_.push_back(gate);
    }
  }
  work_.notify_one();
}

void GateDriver::workerLoop() {
  for (;;) {
    Controller* c = nullptr;
    Task task;
    {
      std::unique_lock lock(mutex_);
      work_.wait(lock, [this] { return stopping_ || !ready_.empty(); });
      if (stopping_) return;
      c = find(ready_.front());
      ready_.pop_front();
      if (c == nullptr) continue;
      c->queued = false;
      if (c->tasks.empty()) continue;
      c->busy = true;
      task = std::move(c->tasks.front());
      c->tasks.pop_front();
    }
    try {
      task(*c);
    } catch (const std::exception& e) {
      host_.warning("gate " + c->gate.code + ": " + e.what());
    }
    {
      std::lock_guard lock(mutex_);
      c->busy = false;
      if (!c->tasks.empty() && !c->queued) {
        c->queued = true;
        ready_.push_back(c->gate.id);
      }
    }
    work_.notify_one();
  }
}

void GateDriver::timerLoop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    timer_wake_.wait_for(lock, std::chrono::milliseconds(50));
    if (stopping_) return;
    const int64_t now = host_.nowMs();
    std::vector<std::pair<int64_t, bool>> due;  // gate, fetch too
    for (auto& [id, c] : controllers_) {
      if (now >= c->next_poll_ms && !c->poll_queued) {
        c->poll_queued = true;
        c->next_poll_ms = now + options_.poll_ms;
        const bool fetch = now >= c->next_fetch_ms;
        if (fetch) c->next_fetch_ms = now + options_.fetch_ms;
        due.emplace_back(id, fetch);
      }
    }
    const bool changes = change_due_ms_ != 0 && now >= change_due_ms_;
    lock.unlock();
    for (const auto& [id, fetch] : due)
      enqueue(id, [this, fetch = fetch](Controller& c) {
        {
          std::lock_guard guard(mutex_);
          c.poll_queued = false;
        }
        poll(c);  // fetches too when events wait
        if (fetch) this->fetch(c);
      });
    if (changes) reconcile();
    lock.lock();
  }
}

void GateDriver::markOnline(Controller& c, bool online, const std::string& why) {
  bool changed = false;
  {
    std::lock_guard lock(mutex_);
    changed = c.online != online;
    c.online = online;
  }
  if (!changed) return;
  recordAlarm(c.gate.id, online ? "communication_restored" : "communication_lost", why);
  try {
    Database db = host_.database();
    db.execute("DELETE FROM gate_controllers WHERE gate_id = :g", {c.gate.id});
    db.execute("INSERT INTO gate_controllers (gate_id, online, last_seen_ms) VALUES (:g, :o, :s)",
               {c.gate.id, online ? 1 : 0, c.last_seen_ms});
  } catch (const std::exception& e) {
    host_.warning("gate " + c.gate.code + ": cannot record its communication state: " + e.what());
  }
  reportState(c);
}

void GateDriver::recordAlarm(int64_t gate, const std::string& code, const std::string& detail) {
  Poco::JSON::Object e;
  e.set("kind", std::string(code.rfind("communication_restored", 0) == 0 ? "gate_management" : "alarm"));
  e.set("occurred_at_ms", host_.nowMs());
  e.set("gate_id", gate);
  e.set("code", code);
  e.set("detail", detail.substr(0, 200));
  Poco::JSON::Array events;
  events.add(e);
  Poco::JSON::Object request;
  request.set("events", events);
  try {
    callDomain("history.append", json(request));
  } catch (const std::exception& error) {
    host_.error("gate " + std::to_string(gate) + ": cannot record alarm " + code + ": " + error.what());
  }
}

void GateDriver::reportState(Controller& c) {
  std::string lock, guard, extra;
  {
    std::lock_guard guardLock(mutex_);
    if (c.status) {
      lock = c.status->lock ? "unlocked" : "locked";
      guard = c.status->guard ? "armed" : "disarmed";
    }
    extra = "\"online\":" + std::string(c.online ? "true" : "false") +
            ",\"alarms\":" + std::to_string(c.status ? c.status->alarms : 0);
    c.reported_lock = lock;
    c.reported_guard = guard;
  }
  Poco::JSON::Object o;
  o.set("id", c.gate.id);
  if (!lock.empty()) o.set("lock_state", lock);
  if (!guard.empty()) o.set("guard_state", guard);
  o.set("extra_json", extra);
  try {
    callDomain("gates.report_state", json(o));
  } catch (const std::exception& e) {
    host_.warning("gate " + c.gate.code + ": cannot report its state: " + e.what());
  }
}

void GateDriver::poll(Controller& c) {
  const Reply reply = link_.call(c.id(), MessageType::StatusPoll, {});
  if (!reply.ok()) {
    bool offline = false;
    {
      std::lock_guard lock(mutex_);
      offline = ++c.failures >= options_.offline_after;
    }
    if (offline) markOnline(c, false, "no answer from " + c.gate.address + ": " + reply.problem());
    return;
  }
  ControllerStatus status;
  try {
    status = decodeStatus(reply.body);
  } catch (const ProtocolError& e) {
    host_.warning("gate " + c.gate.code + ": " + e.what());
    return;
  }
  bool changed = false;
  bool memoryReset = false;
  {
    std::lock_guard lock(mutex_);
    c.failures = 0;
    c.last_seen_ms = host_.nowMs();
    const std::string lockText = status.lock ? "unlocked" : "locked";
    const std::string guardText = status.guard ? "armed" : "disarmed";
    changed =
        !c.status || lockText != c.reported_lock || guardText != c.reported_guard || c.status->alarms != status.alarms;
    // A controller whose memory starts over (replaced, or wiped) holds none of its tables.
    memoryReset = c.status && c.status->first_seq != status.first_seq;
    if (memoryReset) c.places_due = true;
    // First reached since this start, or back from offline: it may have missed table changes.
    memoryReset = memoryReset || !c.reached || !c.online;
    c.status = status;
    c.reached = true;
  }
  markOnline(c, true, "answers again at " + c.gate.address);
  if (changed) reportState(c);
  std::vector<std::pair<int64_t, bool>> missed;
  {
    std::lock_guard lock(mutex_);
    missed.assign(c.passback_missed.begin(), c.passback_missed.end());
  }
  if (!missed.empty() && deliverPassbackMoves(c, missed))
    host_.info("gate " + c.gate.code + ": " + std::to_string(missed.size()) +
               " missed anti-passback update(s) delivered");
  if (status.oldest_seq > status.first_seq) {
    // Events below the oldest held that were never committed are gone: record the range.
    std::promise<void> done;
    auto future = done.get_future();
    ingest_.reportLoss(c.id(), c.gate.id, status.oldest_seq, status.first_seq,
                       [&done](std::optional<uint64_t>) { done.set_value(); });
    future.wait();
  }
  if (status.oldest_seq < status.next_seq) fetch(c);
  if (memoryReset) {
    // One table-info round trip when nothing drifted.
    if (const auto expected = tablesOf(c.gate.id, true)) {
      ControllerOutcome out;
      verifyOne(c, *expected, true, out);
      host_.info("gate " + c.gate.code + ": " + out.message);
      if (out.message.rfind("repaired", 0) == 0) ++first_poll_repairs_;
    }
  }
  sendPlacesIfDue(c);
}

void GateDriver::sendPlacesIfDue(Controller& c) {
  {
    std::lock_guard lock(mutex_);
    if (!c.places_due) return;
    if (!c.gate.parameters.anti_passback.enforced) {
      c.places_due = false;  // no anti-passback: nothing to learn
      return;
    }
  }
  std::string message;
  sendPassbackPlaces(c, message);
  host_.info("gate " + c.gate.code + ": " + message);
}

void GateDriver::fetch(Controller& c) {
  for (int round = 0; round < 1000; ++round) {
    uint64_t from = ingest_.committed(c.id()).value_or(0) + 1;
    uint64_t firstSeq = 0;
    {
      std::lock_guard lock(mutex_);
      if (c.status) {
        from = std::max(from, c.status->first_seq);
        firstSeq = c.status->first_seq;
      }
    }
    ByteWriter w;
    w.u64(from);
    const Reply reply = link_.call(c.id(), MessageType::EventsFetch, w.take());
    if (!reply.ok()) return;
    EventBatch batch;
    try {
      batch = decodeEvents(reply.body);
    } catch (const ProtocolError& e) {
      host_.warning("gate " + c.gate.code + ": " + e.what());
      return;
    }
    if (batch.events.empty()) return;
    PassbackRelay relay;
    {
      std::lock_guard lock(mutex_);
      relay = passbackRelay(c, batch.events);
    }
    sendPassbackRelay(relay);
    std::promise<std::optional<uint64_t>> committed;
    auto future = committed.get_future();
    ingest_.submit(c.id(), c.gate.id, std::move(batch.events), firstSeq,
                   [&committed](std::optional<uint64_t> seq) { committed.set_value(seq); });
    const auto seq = future.get();
    if (!seq) return;  // not stored: not acknowledged; fetched again next time
    ByteWriter ack;
    ack.u64(*seq);
    if (!link_.call(c.id(), MessageType::EventsAck, ack.take()).ok()) return;
  }
}

void GateDriver::onPush(uint32_t controller, uint32_t requestId, std::vector<EventRecord> events) {
  uint64_t firstSeq = 0;
  PassbackRelay relay;
  {
    std::lock_guard lock(mutex_);
    Controller* c = find(controller);
    if (c == nullptr) return;
    if (!c->status) {
      // Until its status is known a controller's sequence numbers cannot be checked for gaps:
      // leave the push unanswered (it is sent again) and ask for the status now.
      c->next_poll_ms = 0;  // the timer queues the poll
      return;
    }
    // The controller sends a push again when its answer is late, as it is while a long commit
    // runs; the answer to the queued one serves both.
    if (c->push_queued == requestId) return;
    c->push_queued = requestId;
    firstSeq = c->status->first_seq;
    relay = passbackRelay(*c, events);
  }
  sendPassbackRelay(relay);
  ingest_.submit(controller, controller, std::move(events), firstSeq,
                 [this, controller, requestId](std::optional<uint64_t> seq) {
                   {
                     std::lock_guard lock(mutex_);
                     if (Controller* c = find(controller); c != nullptr && c->push_queued == requestId)
                       c->push_queued = 0;
                   }
                   if (seq) link_.answerPush(controller, requestId, *seq);
                 });
}

void GateDriver::passbackAreasChanged() {
  loadControllers();  // relays follow the new areas from the next event on
  gatesChanged();
  std::set<int64_t> areas;
  for (const auto& area : areas_.list()) areas.insert(area.id);
  try {
    places_.keepOnly(areas, single_passback_.gates());
  } catch (const std::exception& e) {
    host_.warning("places of anti-passback no longer in force not cleared: " + std::string(e.what()));
  }
  std::vector<int64_t> joined;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [id, c] : controllers_)
      if (c->places_due) joined.push_back(id);
  }
  for (int64_t gate : joined) enqueue(gate, [this](Controller& c) { sendPlacesIfDue(c); });
}

std::vector<ControllerOutcome> GateDriver::sendPlaces(const std::set<int64_t>& gates) {
  return forEach(gates, [this](Controller& c, ControllerOutcome& out) { out.ok = sendPassbackPlaces(c, out.message); });
}

bool GateDriver::sendPassbackPlaces(Controller& c, std::string& message) {
  bool enforced = false;
  int64_t area = 0;
  {
    std::lock_guard lock(mutex_);
    c.places_due = false;
    enforced = c.gate.parameters.anti_passback.enforced;
    area = c.gate.parameters.anti_passback.area_id;
  }
  if (!enforced) {
    message = "no anti-passback at this gate: no places to send";
    return true;
  }
  // An area's places, or for anti-passback of the gate alone (area 0) the gate's own.
  const std::vector<PassbackMove> places =
      area != 0 ? places_.of(PlaceScope::Area, area) : places_.of(PlaceScope::Gate, c.gate.id);
  std::size_t sent = 0;
  do {
    ByteWriter w;
    const std::size_t run = encodePassbackPlaces(sent == 0, std::span(places).subspan(sent), kMaxPayloadSize, w);
    const Reply r = link_.call(c.id(), MessageType::PassbackPlaces, w.take());
    if (!r.ok()) {
      std::lock_guard lock(mutex_);
      c.places_due = true;  // again at its next answer
      message = "anti-passback places not sent (" + std::to_string(sent) + " of " + std::to_string(places.size()) +
                "): " + r.problem();
      return false;
    }
    sent += run;
  } while (sent < places.size());
  // The places hold every update it missed: the kept ones are settled.
  std::vector<int64_t> settled;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [user, inside] : c.passback_missed) settled.push_back(user);
    c.passback_missed.clear();
  }
  if (!settled.empty()) {
    try {
      missed_.forget(c.gate.id, settled);
    } catch (const std::exception& e) {
      host_.warning("gate " + c.gate.code + ": settled anti-passback updates not cleared: " + e.what());
    }
  }
  message = "anti-passback places sent: " + std::to_string(places.size()) + " users " +
            (area != 0 ? "of area " + std::to_string(area) : std::string("of this gate alone"));
  return true;
}

std::map<int64_t, std::string> GateDriver::gateCodes() const {
  std::lock_guard lock(mutex_);
  std::map<int64_t, std::string> out;
  for (const auto& [id, c] : controllers_) out[id] = c->gate.code;
  return out;
}

std::vector<GateRow> GateDriver::gateRows(const std::set<int64_t>& ids) const {
  if (ids.empty()) return {};  // the compiler reads every gate for an empty set
  return compiler_.gates(ids);
}

GateDriver::PassbackRelay GateDriver::passbackRelay(Controller& c, const std::vector<EventRecord>& events) {
  PassbackRelay relay;
  if (!c.gate.parameters.anti_passback.enforced) return relay;
  const int64_t area = c.gate.parameters.anti_passback.area_id;
  for (const auto& e : events) {
    if (e.seq <= c.relayed_seq) continue;  // a push sent again, or fetched after the push
    c.relayed_seq = e.seq;
    if (e.kind == 1 && e.code == "granted" && e.user_ref > 0 && (e.reader == 1 || e.reader == 2))
      relay.moves.emplace_back(e.user_ref, e.reader == 1);
  }
  if (relay.moves.empty()) return relay;
  relay.source = c.gate.id;
  if (area == 0) return relay;  // anti-passback of the gate alone: no peers
  relay.area = area;
  for (const auto& [id, peer] : controllers_)
    if (id != c.gate.id && peer->gate.parameters.anti_passback.enforced &&
        peer->gate.parameters.anti_passback.area_id == area)
      relay.peers.push_back(id);
  return relay;
}

void GateDriver::sendPassbackRelay(const PassbackRelay& relay) {
  if (relay.source == 0) return;
  // Each peer's own queue: a peer that does not answer delays nobody else.
  for (int64_t peer : relay.peers)
    enqueue(peer, [this, moves = relay.moves](Controller& p) { deliverPassbackMoves(p, moves); });
  const PlaceScope scope = relay.area != 0 ? PlaceScope::Area : PlaceScope::Gate;
  const int64_t key = relay.area != 0 ? relay.area : relay.source;
  enqueue(relay.source, [this, scope, key, moves = relay.moves](Controller& c) {
    try {
      places_.record(scope, key, moves);
    } catch (const std::exception& e) {
      host_.warning("gate " + c.gate.code + ": anti-passback places not recorded: " + e.what());
    }
  });
}

bool GateDriver::deliverPassbackMoves(Controller& peer, const std::vector<std::pair<int64_t, bool>>& moves) {
  std::vector<int64_t> delivered;  // of those kept before: the database forgets them too
  bool all = true;
  for (std::size_t i = 0; i < moves.size(); ++i) {
    const auto [user, inside] = moves[i];
    ByteWriter w;
    w.varint(static_cast<uint64_t>(user));
    w.u8(inside ? 1 : 0);
    const Reply r = link_.call(peer.id(), MessageType::PassbackUpdate, w.take());
    std::unique_lock lock(mutex_);
    if (!r.ok()) {
      // Kept, newest per user, until the controller answers a poll again; in the database too,
      // so a restart of the host in between loses none.
      const std::vector<PassbackMove> rest(moves.begin() + static_cast<std::ptrdiff_t>(i), moves.end());
      for (const auto& [restUser, restInside] : rest) peer.passback_missed[restUser] = restInside;
      lock.unlock();
      host_.warning("gate " + peer.gate.code + ": anti-passback update for user " + std::to_string(user) +
                    " not delivered, kept to send again: " + r.problem());
      try {
        missed_.keep(peer.gate.id, rest);
      } catch (const std::exception& e) {
        host_.warning("gate " + peer.gate.code + ": missed anti-passback updates kept in memory only: " + e.what());
      }
      all = false;
      break;
    }
    // An older missed update must not follow this one.
    if (peer.passback_missed.erase(user) > 0) delivered.push_back(user);
  }
  if (!delivered.empty()) {
    try {
      missed_.forget(peer.gate.id, delivered);
    } catch (const std::exception& e) {
      // Left in the table, they are sent once more after a restart of the host and may undo a
      // newer place; the warning tells the administrator.
      host_.warning("gate " + peer.gate.code + ": delivered anti-passback updates not cleared: " + e.what());
    }
  }
  return all;
}

void GateDriver::saveTableState(int64_t gate, const TableState& state) {
  Database db = host_.database();
  monban::sdk::Transaction tx(db);
  db.execute("DELETE FROM gate_controller_tables WHERE gate_id = :g AND table_id = :t",
             {gate, static_cast<int64_t>(state.table)});
  db.execute(
      "INSERT INTO gate_controller_tables (gate_id, table_id, version, digest, entries, applied_at_ms)"
      " VALUES (:g, :t, :v, :d, :e, :a)",
      {gate, static_cast<int64_t>(state.table), static_cast<int64_t>(state.version), toHex(state.digest),
       static_cast<int64_t>(state.entries), host_.nowMs()});
  tx.commit();
}

bool GateDriver::sendTable(Controller& c, TableId table, const CompiledTables& tables, std::string& message) {
  const auto bytes = encodeTable(tables, table);
  const auto digest = tableDigest(bytes.data(), bytes.size());
  const int index = static_cast<int>(table) - 1;
  uint64_t version = static_cast<uint64_t>(host_.nowMs());
  {
    std::lock_guard lock(mutex_);
    if (c.held[index]) version = std::max(version, c.held[index]->version + 1);
    c.pending[index] = version;
  }
  auto fail = [&](const std::string& why) {
    std::lock_guard lock(mutex_);
    c.pending[index] = 0;
    message = std::string(toString(table)) + ": " + why;
    return false;
  };
  ByteWriter begin;
  begin.u8(static_cast<uint8_t>(table));
  begin.u64(version);
  begin.u32(bytes.size());
  begin.bytes(digest);
  Reply r = link_.call(c.id(), MessageType::TableBegin, begin.take());
  if (!r.ok()) return fail(r.problem());
  for (std::size_t offset = 0; offset < bytes.size(); offset += kTableChunkSize) {
    const std::size_t n = std::min(kTableChunkSize, bytes.size() - offset);
    ByteWriter chunk;
    chunk.u8(static_cast<uint8_t>(table));
    chunk.u64(version);
    chunk.u32(offset);
    chunk.u16(n);
    chunk.bytes(std::span(bytes).subspan(offset, n));
    r = link_.call(c.id(), MessageType::TableChunk, chunk.take());
    if (!r.ok()) return fail("chunk at " + std::to_string(offset) + ": " + r.problem());
  }
  ByteWriter commit;
  commit.u8(static_cast<uint8_t>(table));
  commit.u64(version);
  r = link_.call(c.id(), MessageType::TableCommit, commit.take());
  if (!r.ok()) return fail(std::string("commit: ") + r.problem());
  TableState state;
  try {
    ByteReader in(r.body, "table commit answer");
    state = decodeTableState(in);
  } catch (const ProtocolError& e) {
    return fail(e.what());
  }
  if (state.version != version || state.digest != digest) return fail("the controller holds a different table");
  auto sent = table == TableId::Permissions ? std::make_shared<const SentPermissions>(bytes, tables.cards) : nullptr;
  {
    std::lock_guard lock(mutex_);
    c.held[index] = state;
    c.pending[index] = 0;
    if (sent) c.sent_permissions = std::move(sent);
  }
  saveTableState(c.gate.id, state);
  message = std::string(toString(table)) + " version " + std::to_string(version) + " applied (" +
            std::to_string(state.entries) + " entries, " + std::to_string(bytes.size()) + " bytes)";
  return true;
}

bool GateDriver::sendPermissions(Controller& c, const CardTable& expected, std::string& message) {
  const auto bytes = encodePermissions(expected);
  const auto digest = tableDigest(bytes.data(), bytes.size());
  const int index = static_cast<int>(TableId::Permissions) - 1;
  PermissionDelta delta;
  bool deltaPossible = false;
  std::optional<TableState> held;
  std::shared_ptr<const SentPermissions> sent;
  {
    std::lock_guard lock(mutex_);
    held = c.held[index];
    if (held && held->digest == digest) {
      message = "permissions already applied";
      return true;
    }
    sent = c.sent_permissions;
  }
  CardTable before;
  if (!held) sent.reset();  // no version to base a delta on
  try {
    if (sent) before = decodePermissions(sent->encoded);
  } catch (const ProtocolError& e) {
    host_.warning("gate " + c.gate.code + ": the kept permission table does not decode, sending it whole: " + e.what());
    sent.reset();
  }
  if (sent) {
    // Only this controller's own task changes what it holds, so the table read above stays true.
    deltaPossible = true;
    delta.base_version = held->version;
    delta.new_version = std::max<uint64_t>(static_cast<uint64_t>(host_.nowMs()), delta.base_version + 1);
    for (const auto& [card, holder] : before)
      if (expected.count(card) == 0) delta.removals.push_back(card);
    for (const auto& [card, holder] : expected) {
      const auto found = before.find(card);
      if (found == before.end() || !(found->second == holder)) delta.upserts.push_back(holder);
    }
    std::lock_guard lock(mutex_);
    c.pending[index] = delta.new_version;
  }
  if (deltaPossible) {
    const auto payload = encodeDelta(delta);
    if (payload.size() <= kMaxPayloadSize) {
      const Reply r = link_.call(c.id(), MessageType::PermissionDelta, payload);
      if (r.answered) {
        try {
          ByteReader in(r.body, "permission delta answer");
          const TableState state = decodeTableState(in);
          if (r.code == ResultCode::Ok && state.version == delta.new_version && state.digest == digest) {
            auto now = std::make_shared<const SentPermissions>(bytes, expected);
            {
              std::lock_guard lock(mutex_);
              c.held[index] = state;
              c.pending[index] = 0;
              c.sent_permissions = std::move(now);
            }
            saveTableState(c.gate.id, state);
            message = "permission delta applied (" + std::to_string(delta.upserts.size()) + " set, " +
                      std::to_string(delta.removals.size()) + " removed)";
            return true;
          }
        } catch (const ProtocolError&) {
          // fall through to a full transfer
        }
      } else {
        std::lock_guard lock(mutex_);
        c.pending[index] = 0;
        message = "permission delta: " + r.error;
        return false;
      }
    }
  }
  CompiledTables tables;
  tables.cards = expected;
  return sendTable(c, TableId::Permissions, tables, message);
}

bool GateDriver::holds(Controller& c, TableId table, const CompiledTables& expected) const {
  const auto bytes = encodeTable(expected, table);
  const auto digest = tableDigest(bytes.data(), bytes.size());
  std::lock_guard lock(mutex_);
  const auto& held = c.held[static_cast<int>(table) - 1];
  return held && held->digest == digest;
}

void GateDriver::usersChanged(const std::set<int64_t>& userRefs, bool complete) {
  {
    std::lock_guard lock(mutex_);
    if (!complete) changed_all_ = true;
    changed_users_.insert(userRefs.begin(), userRefs.end());
    if (change_due_ms_ == 0) change_due_ms_ = host_.nowMs() + options_.change_delay_ms;
  }
  timer_wake_.notify_all();
}

void GateDriver::gatesChanged() {
  {
    std::lock_guard lock(mutex_);
    gates_changed_ = true;
    if (change_due_ms_ == 0) change_due_ms_ = host_.nowMs() + options_.change_delay_ms;
  }
  timer_wake_.notify_all();
}

void GateDriver::sendChange(Controller& c, const CardTable& cards, const CompiledTables* parameters) {
  std::string message;
  if (!sendPermissions(c, cards, message)) host_.warning("gate " + c.gate.code + ": " + message);
  if (parameters != nullptr && !holds(c, TableId::GateParameters, *parameters) &&
      !sendTable(c, TableId::GateParameters, *parameters, message))
    host_.warning("gate " + c.gate.code + ": " + message);
}

void GateDriver::reconcile() {
  std::set<int64_t> users;
  bool all = false;
  bool gates = false;
  {
    std::lock_guard lock(mutex_);
    users.swap(changed_users_);
    all = changed_all_;
    gates = gates_changed_;
    changed_all_ = gates_changed_ = false;
    change_due_ms_ = 0;
  }
  try {
    if (gates) loadControllers();
    std::set<int64_t> affected;
    if (all || gates) {
      std::lock_guard lock(mutex_);
      for (const auto& [id, c] : controllers_) affected.insert(id);
    } else {
      affected = compiler_.gatesOfUsers(users);
      // Gates that held one of the users before the change (permission taken away, user deleted).
      std::lock_guard lock(mutex_);
      for (const auto& [id, c] : controllers_) {
        // Unknown content: compare by digest.
        if (!c->sent_permissions || c->sent_permissions->holdsAny(users)) affected.insert(id);
      }
    }
    if (affected.empty()) return;
    // Each controller's task sends the change (gate parameters too when gates changed), so the
    // timer thread never waits for controllers.
    if (affected.size() > kCompileSlice) {
      // Many gates (a gate edit, an import of every user): each task compiles its own gate's
      // tables when it runs, so only the workers' gates are in memory at once.
      for (int64_t gate : affected)
        enqueue(gate, [this, gates](Controller& c) {
          if (!gates) return sendChange(c, compiler_.permissions({c.gate.id}).at(c.gate.id), nullptr);
          if (const auto tables = tablesOf(c.gate.id, true)) sendChange(c, tables->cards, &*tables);
        });
      return;
    }
    if (gates) {
      auto compiled = compiler_.compile(compiler_.gates(affected), true);
      for (auto& [gate, tables] : compiled)
        enqueue(gate, [this, tables = std::move(tables)](Controller& c) { sendChange(c, tables.cards, &tables); });
      return;
    }
    auto expected = compiler_.permissions(affected);
    for (auto& [gate, cards] : expected)
      enqueue(gate, [this, cards = std::move(cards)](Controller& c) { sendChange(c, cards, nullptr); });
  } catch (const std::exception& e) {
    host_.error(std::string("cannot work out the controllers a change affects: ") + e.what());
  }
}

std::vector<ControllerOutcome> GateDriver::forEach(const std::set<int64_t>& gates,
                                                   const std::function<void(Controller&, ControllerOutcome&)>& task) {
  std::vector<int64_t> ids;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [id, c] : controllers_)
      if (gates.empty() || gates.count(id) != 0) ids.push_back(id);
  }
  std::vector<ControllerOutcome> outcomes(ids.size());
  std::vector<std::future<void>> waits;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    auto done = std::make_shared<std::promise<void>>();
    waits.push_back(done->get_future());
    outcomes[i].gate_id = ids[i];
    outcomes[i].message = "not run: the gate driver is stopping";
    enqueue(ids[i], [&task, &outcome = outcomes[i], done](Controller& c) {
      try {
        task(c, outcome);
      } catch (const std::exception& e) {
        outcome.ok = false;
        outcome.message = e.what();
      }
      done->set_value();
    });
  }
  for (auto& w : waits) {
    // A task dropped by a stop never completes; do not wait for it forever.
    if (w.wait_for(std::chrono::minutes(10)) != std::future_status::ready) break;
  }
  return outcomes;
}

std::vector<ControllerOutcome> GateDriver::forEachCompiled(
    const std::set<int64_t>& gates, bool withPermissions,
    const std::function<void(Controller&, const CompiledTables&, ControllerOutcome&)>& task) {
  const std::vector<GateRow> rows = compiler_.gates(gates);
  std::vector<ControllerOutcome> outcomes;
  std::set<int64_t> compiledGates;
  for (std::size_t start = 0; start < rows.size(); start += kCompileSlice) {
    const std::vector<GateRow> slice(
        rows.begin() + static_cast<std::ptrdiff_t>(start),
        rows.begin() + static_cast<std::ptrdiff_t>(std::min(rows.size(), start + kCompileSlice)));
    std::set<int64_t> ids;
    for (const auto& g : slice) ids.insert(g.id);
    compiledGates.insert(ids.begin(), ids.end());
    const auto compiled = compiler_.compile(slice, withPermissions);
    const auto part =
        forEach(ids, [&](Controller& c, ControllerOutcome& out) { task(c, compiled.at(c.gate.id), out); });
    outcomes.insert(outcomes.end(), part.begin(), part.end());
  }
  std::set<int64_t> deleted;  // controllers of gates deleted since the driver loaded them
  {
    std::lock_guard lock(mutex_);
    for (const auto& [id, c] : controllers_)
      if ((gates.empty() || gates.count(id) != 0) && compiledGates.count(id) == 0) deleted.insert(id);
  }
  if (!deleted.empty()) {
    const auto part =
        forEach(deleted, [](Controller&, ControllerOutcome& out) { out.message = "gate no longer exists"; });
    outcomes.insert(outcomes.end(), part.begin(), part.end());
  }
  return outcomes;
}

std::vector<ControllerOutcome> GateDriver::transfer(const std::set<int64_t>& gates, const std::set<TableId>& tables,
                                                    bool onlyChanged) {
  const bool withPermissions = tables.empty() || tables.count(TableId::Permissions) != 0;
  return forEachCompiled(gates, withPermissions,
                         [&](Controller& c, const CompiledTables& expected, ControllerOutcome& out) {
                           out.ok = true;
                           out.message.clear();
                           for (uint8_t t = 1; t <= kTableCount; ++t) {
                             const auto table = static_cast<TableId>(t);
                             if (!tables.empty() && tables.count(table) == 0) continue;
                             if (!withPermissions && table == TableId::Permissions) continue;
                             std::string message;
                             bool ok = true;
                             if (onlyChanged && holds(c, table, expected)) continue;
                             if (table == TableId::Permissions && onlyChanged)
                               ok = sendPermissions(c, expected.cards, message);
                             else
                               ok = sendTable(c, table, expected, message);
                             out.ok = out.ok && ok;
                             out.message += (out.message.empty() ? "" : "; ") + message;
                             if (!ok) break;  // an unreachable controller fails every table alike
                           }
                           if (out.message.empty()) out.message = "already applied";
                         });
}

std::vector<ControllerOutcome> GateDriver::verify(const std::set<int64_t>& gates, bool repair) {
  return forEachCompiled(gates, true, [&](Controller& c, const CompiledTables& expected, ControllerOutcome& out) {
    verifyOne(c, expected, repair, out);
  });
}

void GateDriver::verifyOne(Controller& c, const CompiledTables& expected, bool repair, ControllerOutcome& out) {
  const Reply r = link_.call(c.id(), MessageType::TableInfo, {});
  if (!r.ok()) {
    out.message = "no table information: " + r.problem();
    return;
  }
  ByteReader in(r.body, "table info");
  const std::size_t n = in.u8();
  std::vector<std::string> drift;
  std::set<TableId> drifted;
  for (std::size_t i = 0; i < n; ++i) {
    const TableState held = decodeTableState(in);
    const auto bytes = encodeTable(expected, held.table);
    if (tableDigest(bytes.data(), bytes.size()) != held.digest) {
      drift.push_back(std::string(toString(held.table)) + " (controller version " + std::to_string(held.version) + ")");
      drifted.insert(held.table);
    }
    std::lock_guard lock(mutex_);
    // What the controller says it holds is the truth from here on.
    auto& known = c.held[static_cast<int>(held.table) - 1];
    // No permissions where it had acknowledged some: its memory was wiped while the host was away.
    if (held.table == TableId::Permissions && held.version == 0 && known && known->version != 0) c.places_due = true;
    if (!known || known->digest != held.digest) {
      known = held;
      if (held.table == TableId::Permissions) c.sent_permissions.reset();
    }
  }
  if (drift.empty()) {
    out.ok = true;
    out.message = "in step with the database";
    return;
  }
  std::string list;
  for (const auto& d : drift) list += (list.empty() ? "" : ", ") + d;
  out.message = "drift: " + list;
  if (!repair) return;
  out.ok = true;
  for (TableId t : drifted) {
    std::string message;
    out.ok = sendTable(c, t, expected, message) && out.ok;
    out.message += "; " + message;
  }
  out.message = (out.ok ? "repaired " : "repair failed: ") + out.message;
}

std::vector<ControllerOutcome> GateDriver::pollNow(const std::set<int64_t>& gates) {
  return forEach(gates, [&](Controller& c, ControllerOutcome& out) {
    const int64_t before = host_.nowMs();
    poll(c);
    std::lock_guard lock(mutex_);
    out.ok = c.last_seen_ms >= before && c.status.has_value();
    out.message = out.ok ? "lock " + c.reported_lock + ", guard " + c.reported_guard
                         : "no answer from " + c.gate.address + (c.online ? "" : " (offline)");
  });
}

std::vector<ControllerOutcome> GateDriver::timeSync() {
  return forEach({}, [&](Controller& c, ControllerOutcome& out) {
    ByteWriter w;
    const int64_t now = host_.nowMs();
    w.i64(now);
    const Reply r = link_.call(c.id(), MessageType::TimeSync, w.take());
    if (!r.ok()) {
      out.message = r.problem();
      return;
    }
    ByteReader in(r.body, "time sync answer");
    const int64_t before = in.i64();
    out.ok = true;
    out.message = "clock set; it was off by " + std::to_string(before - now) + " ms";
  });
}

std::vector<ControllerOutcome> GateDriver::changeKey(const std::string& newPassword) {
  if (newPassword.size() < 12) throw std::invalid_argument("the new password must have at least 12 characters");
  const Key256 next = deriveInstallationSecret(newPassword);
  keys_.remember(next);
  return forEach({}, [&](Controller& c, ControllerOutcome& out) {
    uint8_t epoch = 0;
    std::array<uint8_t, 60> sealed{};
    try {
      sealed = link_.prepareKeyChange(c.id(), next, epoch);
    } catch (const std::invalid_argument& e) {
      out.message = std::string("key unchanged: ") + e.what();
      return;
    }
    // Written ahead: should the host stop before the answer, its next start knows the controller
    // may use the new key (settled by the controller's next frame), and the key ring keeps it.
    KeyState ahead = keys_.state(c.gate.id);
    ahead.unconfirmed = PeerKey{next, epoch};
    keys_.save(c.gate.id, ahead);
    ByteWriter w;
    w.u8(epoch);
    w.bytes(sealed);
    const Reply r = link_.call(c.id(), MessageType::KeyChange, w.take());
    keys_.save(c.gate.id, link_.completeKeyChange(c.id(), r));
    out.ok = r.ok();
    if (r.ok())
      out.message = "key epoch " + std::to_string(epoch) + " in use";
    else if (r.answered)
      out.message = "key unchanged: " + r.problem();
    else
      out.message = "unconfirmed: " + r.problem() +
                    "; settled when the controller next answers, or repeat the change with the same password";
  });
}

ControllerOutcome GateDriver::command(int64_t gate, CommandKind kind, const std::string& value) {
  ControllerOutcome out;
  out.gate_id = gate;
  const int64_t expires = host_.nowMs() + options_.command_ttl_ms;
  if (auto why = unreachable(gate, "the command was not sent")) {
    out.message = std::move(*why);
    return out;
  }
  auto done = std::make_shared<std::promise<ControllerOutcome>>();
  auto future = done->get_future();
  enqueue(
      gate,
      [this, kind, value, expires, done, gate](Controller& c) {
        ControllerOutcome o;
        o.gate_id = gate;
        if (host_.nowMs() > expires) {
          o.message = "expired before it could be sent; not carried out";
          done->set_value(o);
          return;
        }
        const Reply r = link_.call(c.id(), MessageType::Command, encodeCommand({kind, value, expires}));
        o.ok = r.ok();
        o.message = r.ok()                                        ? std::string(toString(kind)) + " carried out"
                    : r.answered && r.code == ResultCode::Expired ? "the controller refused it: expired"
                                                                  : "not carried out: " + r.problem();
        done->set_value(o);
        if (r.ok()) poll(c);  // the new state, at once
      },
      true);
  if (future.wait_for(std::chrono::milliseconds(options_.command_ttl_ms + 10'000)) != std::future_status::ready) {
    out.message = "no outcome in time; the controller refuses it after its expiry";
    return out;
  }
  return future.get();
}

std::optional<std::string> GateDriver::unreachable(int64_t gate, const std::string& consequence) const {
  std::lock_guard lock(mutex_);
  const Controller* c = find(gate);
  if (c == nullptr) return "gate " + std::to_string(gate) + " has no controller the driver knows";
  if (!c->online) return "the controller is offline; " + consequence;
  return std::nullopt;
}

std::vector<uint8_t> GateDriver::readTable(int64_t gate, TableId table) {
  if (auto why = unreachable(gate, "nothing was read")) throw std::runtime_error(*why);
  auto done = std::make_shared<std::promise<std::vector<uint8_t>>>();
  auto future = done->get_future();
  enqueue(
      gate,
      [this, table, done](Controller& c) {
        try {
          done->set_value(readTableFrom(c, table));
        } catch (...) {
          done->set_exception(std::current_exception());
        }
      },
      true);
  // A gate parameter table is one chunk; even a full permission table is read well within this.
  if (future.wait_for(std::chrono::seconds(120)) != std::future_status::ready)
    throw std::runtime_error("the controller's queue did not reach the read in time");
  return future.get();
}

std::vector<uint8_t> GateDriver::readTableFrom(Controller& c, TableId table) {
  constexpr uint32_t kLargestTable = 64u << 20;  // far above 3,000 permission entries of 20 bytes
  std::vector<uint8_t> bytes;
  std::optional<uint32_t> size;
  while (!size || bytes.size() < *size) {
    ByteWriter w;
    w.u8(static_cast<uint8_t>(table));
    w.u32(bytes.size());
    const Reply r = link_.call(c.id(), MessageType::TableRead, w.take());
    const std::string at =
        std::string("reading the ") + toString(table) + " table at byte " + std::to_string(bytes.size());
    if (!r.ok()) throw std::runtime_error(at + ": " + r.problem());
    ByteReader in(r.body, "table read answer, " + at);
    const uint32_t total = in.u32();
    if (total > kLargestTable) in.fail("a table of " + std::to_string(total) + " bytes is too large");
    if (size && total != *size)
      in.fail("the table changed from " + std::to_string(*size) + " to " + std::to_string(total) + " bytes while read");
    size = total;
    const auto chunk = in.bytes(in.remaining());
    if (chunk.empty() && bytes.size() < total) in.fail("no bytes, though the table is not at its end");
    if (bytes.size() + chunk.size() > total) in.fail("more bytes than the table's size");
    bytes.insert(bytes.end(), chunk.begin(), chunk.end());
  }
  return bytes;
}

std::optional<CompiledTables> GateDriver::tablesOf(int64_t gate, bool withPermissions) const {
  const std::vector<GateRow> rows = compiler_.gates({gate});
  if (rows.empty()) return std::nullopt;
  return std::move(compiler_.compile(rows, withPermissions).at(gate));
}

CompiledTables GateDriver::expectedTables(int64_t gate) const {
  auto tables = tablesOf(gate, false);
  if (!tables) throw std::out_of_range("gate " + std::to_string(gate) + " does not exist");
  return std::move(*tables);
}

std::string GateDriver::explain(int64_t gate, const std::string& card, const std::string& pin, access::Reader reader,
                                int64_t atMs) const {
  const auto compiled = tablesOf(gate, true);
  if (!compiled) throw std::out_of_range("gate " + std::to_string(gate) + " does not exist");
  const CompiledTables& t = *compiled;
  access::GateTables tables;
  tables.gate = t.gate.settings;
  tables.calendar = t.calendar;
  tables.has_schedule = t.has_schedule;
  tables.schedule = t.schedule;
  tables.cards = t.cards;
  tables.anti_passback = t.gate.anti_passback;
  access::Presentation p;
  p.card = card;
  p.pin = pin;
  p.reader = reader;
  p.when = access::toLocal(atMs);
  const access::AccessDecision d = access::decideAccess(tables, access::PassbackState{}, p);
  Poco::JSON::Object o;
  o.set("gate_id", gate);
  o.set("card", card);
  o.set("at", access::formatLocalDateTime(atMs));
  o.set("granted", d.granted);
  o.set("code", d.code);
  o.set("reason", d.reason);
  o.set("door_mode", std::string(access::toString(d.mode.door_mode)));
  o.set("passable_level", d.mode.passable_level);
  if (d.user_ref != 0) o.set("user_ref", d.user_ref);
  o.set("note", std::string("anti-passback is not judged here: it depends on where the user was at that moment"));
  return json(o);
}

std::string GateDriver::stateJson(std::optional<int64_t> gate) const {
  Poco::JSON::Array items;
  std::lock_guard lock(mutex_);
  for (const auto& [id, c] : controllers_) {
    if (gate && id != *gate) continue;
    Poco::JSON::Object o;
    o.set("gate_id", id);
    o.set("code", c->gate.code);
    o.set("name", c->gate.name);
    o.set("address", c->gate.address);
    o.set("online", c->online);
    o.set("reached_since_start", c->reached);
    o.set("last_seen_ms", c->last_seen_ms);
    if (c->status) {
      const auto& s = *c->status;
      o.set("lock_state", std::string(s.lock ? "unlocked" : "locked"));
      o.set("guard_state", std::string(s.guard ? "armed" : "disarmed"));
      static const char* doors[] = {"closed", "open", "held_open", "forced_open"};
      o.set("door", std::string(doors[s.door]));
      Poco::JSON::Array alarms;
      if (s.alarms & kAlarmTamper) alarms.add(std::string("tamper"));
      if (s.alarms & kAlarmLockFault) alarms.add(std::string("lock_fault"));
      if (s.alarms & kAlarmBufferOverflow) alarms.add(std::string("event_buffer_overflow"));
      if (s.alarms & kAlarmDoorForced) alarms.add(std::string("door_forced"));
      o.set("alarms", alarms);
      o.set("unlock_mode", s.unlock_mode);
      o.set("verification_mode", s.verification_mode);
      o.set("clock_offset_ms", s.clock_ms - c->last_seen_ms);
      o.set("buffered_events", static_cast<int64_t>(s.next_seq - s.oldest_seq));
      o.set("boot_count", static_cast<int64_t>(s.boot_count));
    }
    Poco::JSON::Array tables;
    for (uint8_t t = 1; t <= kTableCount; ++t) {
      Poco::JSON::Object table;
      table.set("table", std::string(toString(static_cast<TableId>(t))));
      const auto& held = c->held[t - 1];
      if (held) {
        table.set("applied_version", static_cast<int64_t>(held->version));
        table.set("digest", toHex(held->digest));
        table.set("entries", static_cast<int64_t>(held->entries));
      } else {
        table.set("applied_version", Poco::Dynamic::Var());
      }
      if (c->pending[t - 1] != 0) table.set("pending_version", static_cast<int64_t>(c->pending[t - 1]));
      tables.add(table);
    }
    o.set("tables", tables);
    items.add(o);
  }
  Poco::JSON::Object out;
  out.set("items", items);
  return json(out);
}

std::string GateDriver::countersJson() const {
  const auto link = link_.counters();
  const auto ingest = ingest_.counters();
  Poco::JSON::Object o;
  o.set("frames_in", static_cast<int64_t>(link.frames_in));
  o.set("frames_out", static_cast<int64_t>(link.frames_out));
  o.set("frames_rejected", static_cast<int64_t>(link.rejected));
  o.set("retransmissions", static_cast<int64_t>(link.retransmissions));
  o.set("unanswered", static_cast<int64_t>(link.unanswered));
  o.set("events_stored", static_cast<int64_t>(ingest.stored));
  o.set("event_batches", static_cast<int64_t>(ingest.batches));
  o.set("event_gaps", static_cast<int64_t>(ingest.gaps));
  o.set("ingest_failures", static_cast<int64_t>(ingest.failures));
  return json(o);
}

}  // namespace monban::gate
