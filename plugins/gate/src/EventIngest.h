#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <monban/sdk/domain.h>

#include "monban/controller/Messages.h"

namespace monban::gate {

using namespace monban::controller;

/// Commits controller events to the history in batches (group commit), detects lost ranges,
/// and only then says what may be acknowledged: no event is acknowledged before it is stored.
class EventIngest {
public:
  /// Stores events (through the domain's append_events; their texts live until it returns) and
  /// returns the committed sequence per controller; throws when the commit failed.
  using Append = std::function<std::map<int64_t, int64_t>(const std::vector<monban_device_event>& events)>;
  /// Records a lost range; throws when the commit failed.
  using AppendGap = std::function<void(int64_t controller, int64_t gate, uint64_t first, uint64_t last)>;
  /// The highest committed sequence number of a controller in the history, if any.
  using LastSeq = std::function<std::optional<uint64_t>(int64_t controller)>;
  /// Called once per batch after its commit: the committed sequence number (nullopt on failure).
  using Done = std::function<void(std::optional<uint64_t> committedSeq)>;

  EventIngest(Append append, AppendGap gap, LastSeq lastSeq, std::size_t maxBatchEvents = 80000);
  ~EventIngest();
  void start();
  void stop();

  /// Queues the events of one controller (sorted by sequence number). `firstSeq` is the first
  /// number of the controller's memory (from its status; 0 when unknown): numbers below it were
  /// never used, so they are no gap.
  void submit(uint32_t controller, int64_t gate, std::vector<EventRecord> events, uint64_t firstSeq, Done done);
  /// Records that the controller reports events it no longer holds (from its status).
  void reportLoss(uint32_t controller, int64_t gate, uint64_t oldestHeld, uint64_t firstSeq, Done done);
  /// The committed sequence of a controller as far as this process knows.
  std::optional<uint64_t> committed(uint32_t controller);

  struct Counters {
    uint64_t events = 0, stored = 0, batches = 0, gaps = 0, failures = 0;
  };
  Counters counters() const;

private:
  struct Item {
    uint32_t controller = 0;
    int64_t gate = 0;
    std::vector<EventRecord> events;
    uint64_t first_seq = 0;
    uint64_t loss_before = 0;  ///< for a loss report: events below this are not held any more
    Done done;
  };
  void run();
  void commit(std::vector<Item>& items);
  uint64_t knownCommitted(uint32_t controller);
  void gapIfNeeded(const Item& item, uint64_t nextHeld, uint64_t earlierInBatch);

  Append append_;
  AppendGap gap_;
  LastSeq last_seq_;
  std::size_t max_batch_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Item> queue_;
  bool stopping_ = false;
  std::thread thread_;
  std::map<uint32_t, uint64_t> committed_;  ///< 0: nothing committed yet
  Counters counters_;
};

}  // namespace monban::gate
