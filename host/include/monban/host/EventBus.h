#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "monban/host/Clock.h"

namespace monban::host {

/// A published event as the bus keeps it: the payload is a private copy.
struct BusEvent {
  std::string topic;
  uint32_t type_version = 0;
  std::string payload;
  int64_t published_at_ms = 0;
  std::string publisher;
};

/// Publish/subscribe with delivery on the bus's own thread, never the publisher's. Each handler
/// sees events in publication order. Publishers wait when `queueLimit` events are pending, so
/// nothing is dropped. Unsubscribing waits until the handler is not running.
class EventBus {
public:
  using Handler = std::function<void(const BusEvent&)>;

  EventBus(const Clock& clock, std::size_t queueLimit);
  ~EventBus();
  EventBus(const EventBus&) = delete;
  EventBus& operator=(const EventBus&) = delete;

  /// `topic` "*" receives every event. `owner` groups subscriptions for unsubscribeOwner.
  uint64_t subscribe(const std::string& owner, const std::string& topic, Handler handler);
  /// False when there was no such subscription (of `owner`, when given).
  bool unsubscribe(uint64_t id, const std::string* owner = nullptr);
  void unsubscribeOwner(const std::string& owner);

  void publish(const std::string& publisher, const std::string& topic, uint32_t typeVersion, std::string payload);

  /// Waits until every event published so far has been delivered.
  void drain();

private:
  struct Subscription {
    uint64_t id;
    std::string owner;
    std::string topic;
    Handler handler;
  };
  void run();
  bool onBusThread() const { return std::this_thread::get_id() == thread_.get_id(); }
  void waitUntilIdle(std::unique_lock<std::mutex>& lock, uint64_t id);

  const Clock& clock_;
  const std::size_t queue_limit_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<BusEvent> queue_;
  std::vector<Subscription> subscriptions_;
  uint64_t next_id_ = 1;
  uint64_t delivering_ = 0;  ///< subscription whose handler runs now
  uint64_t published_ = 0;
  uint64_t delivered_ = 0;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace monban::host
