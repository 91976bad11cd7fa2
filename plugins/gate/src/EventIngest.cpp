#include "EventIngest.h"

namespace monban::gate {

namespace {

int32_t historyKind(uint8_t kind) {
  switch (kind) {
    case 2:
      return MONBAN_HISTORY_ALARM;
    case 3:
      return MONBAN_HISTORY_GATE_OPERATION;
    case 4:
      return MONBAN_HISTORY_GATE_MANAGEMENT;
    default:
      return MONBAN_HISTORY_ACCESS;
  }
}

int32_t direction(uint8_t reader) {
  return reader == 1 ? MONBAN_DIRECTION_ENTRY : reader == 2 ? MONBAN_DIRECTION_EXIT : MONBAN_DIRECTION_NONE;
}

}  // namespace

EventIngest::EventIngest(Append append, AppendGap gap, LastSeq lastSeq, std::size_t maxBatchEvents)
    : append_(std::move(append)), gap_(std::move(gap)), last_seq_(std::move(lastSeq)), max_batch_(maxBatchEvents) {}

EventIngest::~EventIngest() {
  stop();
}

void EventIngest::start() {
  thread_ = std::thread([this] { run(); });
}

void EventIngest::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  // Whatever was not committed is not acknowledged: the controllers keep it and send it again.
  for (auto& item : queue_)
    if (item.done) item.done(std::nullopt);
  queue_.clear();
}

void EventIngest::submit(uint32_t controller, int64_t gate, std::vector<EventRecord> events, uint64_t firstSeq,
                         Done done) {
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(Item{controller, gate, std::move(events), firstSeq, 0, std::move(done)});
  }
  wake_.notify_one();
}

void EventIngest::reportLoss(uint32_t controller, int64_t gate, uint64_t oldestHeld, uint64_t firstSeq, Done done) {
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(Item{controller, gate, {}, firstSeq, oldestHeld, std::move(done)});
  }
  wake_.notify_one();
}

std::optional<uint64_t> EventIngest::committed(uint32_t controller) {
  std::lock_guard lock(mutex_);
  const auto found = committed_.find(controller);
  if (found == committed_.end() || found->second == 0) return std::nullopt;
  return found->second;
}

EventIngest::Counters EventIngest::counters() const {
  std::lock_guard lock(mutex_);
  return counters_;
}

void EventIngest::run() {
  for (;;) {
    std::vector<Item> items;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      std::size_t events = 0;
      while (!queue_.empty() && (items.empty() || events + queue_.front().events.size() <= max_batch_)) {
        events += queue_.front().events.size();
        items.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    commit(items);
  }
}

uint64_t EventIngest::knownCommitted(uint32_t controller) {
  {
    std::lock_guard lock(mutex_);
    const auto found = committed_.find(controller);
    if (found != committed_.end()) return found->second;
  }
  const uint64_t last = last_seq_(controller).value_or(0);
  std::lock_guard lock(mutex_);
  committed_[controller] = last;
  return last;
}

void EventIngest::gapIfNeeded(const Item& item, uint64_t nextHeld, uint64_t earlierInBatch) {
  const uint64_t committed = std::max(knownCommitted(item.controller), earlierInBatch);
  // Only a controller seen before can have lost anything; numbers below its first were never used.
  if (committed == 0) return;
  const uint64_t first = std::max(committed + 1, item.first_seq);
  if (nextHeld <= first) return;
  gap_(item.controller, item.gate, first, nextHeld - 1);
  std::lock_guard lock(mutex_);
  committed_[item.controller] = nextHeld - 1;
  ++counters_.gaps;
}

void EventIngest::commit(std::vector<Item>& items) {
  std::vector<monban_device_event> events;
  std::map<uint32_t, uint64_t> inBatch;  // events earlier in this batch count as committed for gap checks
  try {
    for (const Item& item : items) {
      const uint64_t nextHeld = item.events.empty() ? item.loss_before : item.events.front().seq;
      if (nextHeld != 0) gapIfNeeded(item, nextHeld, inBatch[item.controller]);
      if (!item.events.empty()) inBatch[item.controller] = std::max(inBatch[item.controller], item.events.back().seq);
      for (const EventRecord& e : item.events) {
        monban_device_event& out = events.emplace_back();
        out.occurred_at_ms = e.at_ms;
        out.controller_id = item.controller;
        out.event_seq = static_cast<int64_t>(e.seq);
        out.gate_id = item.gate;
        out.user_ref = e.user_ref;
        out.kind = historyKind(e.kind);
        out.direction = direction(e.reader);
        out.card_data = e.card.c_str();
        out.code = e.code.c_str();
        out.detail = e.detail.c_str();
      }
    }
    const std::size_t count = events.size();
    std::map<int64_t, int64_t> committed;
    if (count > 0) committed = append_(events);
    {
      std::lock_guard lock(mutex_);
      for (const auto& [controller, seq] : committed) {
        auto& known = committed_[static_cast<uint32_t>(controller)];
        known = std::max<uint64_t>(known, static_cast<uint64_t>(seq));
      }
      counters_.events += count;
      counters_.stored += count;
      ++counters_.batches;
    }
  } catch (const std::exception&) {
    std::lock_guard lock(mutex_);
    ++counters_.failures;
    for (auto& item : items)
      if (item.done) item.done(std::nullopt);
    return;
  }
  for (auto& item : items) {
    if (!item.done) continue;
    std::optional<uint64_t> seq;
    {
      std::lock_guard lock(mutex_);
      const auto found = committed_.find(item.controller);
      if (found != committed_.end() && found->second != 0) seq = found->second;
    }
    item.done(seq);
  }
}

}  // namespace monban::gate
