#include "EventHub.h"

#include <chrono>
#include <utility>

namespace monban::web {

std::map<std::string, EventHub::Message> EventHub::Client::wait(int64_t timeoutMs) {
  std::unique_lock lock(mutex_);
  ready_.wait_for(lock, std::chrono::milliseconds(timeoutMs), [&] { return closed_ || !pending_.empty(); });
  return std::exchange(pending_, {});
}

bool EventHub::Client::closed() {
  std::lock_guard lock(mutex_);
  return closed_;
}

std::shared_ptr<EventHub::Client> EventHub::connect() {
  auto client = std::make_shared<Client>();
  std::lock_guard lock(mutex_);
  clients_.insert(client);
  return client;
}

void EventHub::disconnect(const std::shared_ptr<Client>& client) {
  std::lock_guard lock(mutex_);
  clients_.erase(client);
}

void EventHub::publish(const std::string& key, const Message& message) {
  std::lock_guard lock(mutex_);
  for (const auto& client : clients_) {
    std::lock_guard clientLock(client->mutex_);
    client->pending_[key] = message;
    client->ready_.notify_one();
  }
}

void EventHub::closeAll() {
  std::lock_guard lock(mutex_);
  for (const auto& client : clients_) {
    std::lock_guard clientLock(client->mutex_);
    client->closed_ = true;
    client->ready_.notify_one();
  }
}

std::size_t EventHub::clients() {
  std::lock_guard lock(mutex_);
  return clients_.size();
}

}  // namespace monban::web
