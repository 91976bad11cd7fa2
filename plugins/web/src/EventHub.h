#pragma once

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>

namespace monban::web {

/// Fans bus events out to the open live-update streams (Server-Sent Events). Each stream keeps
/// only the latest message per key, so a burst of changes reaches a browser as one message and a
/// slow browser never makes the queue grow.
class EventHub {
public:
  struct Message {
    std::string event;
    std::string data;
  };
  /// One open stream.
  class Client {
  public:
    /// Waits up to `timeoutMs` for messages; returns them (empty on timeout or close).
    std::map<std::string, Message> wait(int64_t timeoutMs);
    bool closed();

  private:
    friend class EventHub;
    std::mutex mutex_;
    std::condition_variable ready_;
    std::map<std::string, Message> pending_;
    bool closed_ = false;
  };

  std::shared_ptr<Client> connect();
  void disconnect(const std::shared_ptr<Client>& client);
  /// Queues `message` under `key` for every stream, replacing an undelivered one of that key.
  void publish(const std::string& key, const Message& message);
  /// Ends every stream (the plugin stops).
  void closeAll();
  std::size_t clients();

private:
  std::mutex mutex_;
  std::set<std::shared_ptr<Client>> clients_;
};

}  // namespace monban::web
