#include "monban/host/EventBus.h"

#include <algorithm>

namespace monban::host {

EventBus::EventBus(const Clock& clock, std::size_t queueLimit)
    : clock_(clock), queue_limit_(queueLimit), thread_([this] { run(); }) {}

EventBus::~EventBus() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

uint64_t EventBus::subscribe(const std::string& owner, const std::string& topic, Handler handler) {
  std::lock_guard lock(mutex_);
  const uint64_t id = next_id_++;
  subscriptions_.push_back({id, owner, topic, std::move(handler)});
  return id;
}

void EventBus::waitUntilIdle(std::unique_lock<std::mutex>& lock, uint64_t id) {
  // A handler may unsubscribe itself; waiting for it on its own thread would never end.
  if (onBusThread()) return;
  changed_.wait(lock, [&] { return delivering_ != id; });
}

bool EventBus::unsubscribe(uint64_t id, const std::string* owner) {
  std::unique_lock lock(mutex_);
  auto it = std::find_if(subscriptions_.begin(), subscriptions_.end(),
                         [&](const Subscription& s) { return s.id == id && (owner == nullptr || s.owner == *owner); });
  if (it == subscriptions_.end()) return false;
  subscriptions_.erase(it);
  waitUntilIdle(lock, id);
  return true;
}

void EventBus::unsubscribeOwner(const std::string& owner) {
  std::unique_lock lock(mutex_);
  std::vector<uint64_t> removed;
  for (const Subscription& s : subscriptions_)
    if (s.owner == owner) removed.push_back(s.id);
  std::erase_if(subscriptions_, [&](const Subscription& s) { return s.owner == owner; });
  for (uint64_t id : removed) waitUntilIdle(lock, id);
}

void EventBus::publish(const std::string& publisher, const std::string& topic, uint32_t typeVersion,
                       std::string payload) {
  std::unique_lock lock(mutex_);
  if (!onBusThread()) changed_.wait(lock, [&] { return queue_.size() < queue_limit_ || stopping_; });
  queue_.push_back({topic, typeVersion, std::move(payload), clock_.nowMs(), publisher});
  ++published_;
  changed_.notify_all();
}

void EventBus::drain() {
  std::unique_lock lock(mutex_);
  const uint64_t target = published_;
  changed_.wait(lock, [&] { return delivered_ >= target || stopping_; });
}

void EventBus::run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    changed_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (stopping_ && queue_.empty()) return;
    BusEvent event = std::move(queue_.front());
    queue_.pop_front();
    changed_.notify_all();  // room for a waiting publisher
    std::vector<uint64_t> targets;
    for (const Subscription& s : subscriptions_)
      if (s.topic == "*" || s.topic == event.topic) targets.push_back(s.id);
    for (uint64_t id : targets) {
      auto it =
          std::find_if(subscriptions_.begin(), subscriptions_.end(), [&](const Subscription& s) { return s.id == id; });
      if (it == subscriptions_.end()) continue;  // unsubscribed meanwhile
      Handler handler = it->handler;
      delivering_ = id;
      lock.unlock();
      try {
        handler(event);
      } catch (...) {
        // A failing handler must not stop delivery to the others.
      }
      lock.lock();
      delivering_ = 0;
      changed_.notify_all();
    }
    ++delivered_;
    changed_.notify_all();
  }
}

}  // namespace monban::host
