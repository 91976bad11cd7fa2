#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace monban::host::domain {

/// Answers kept for one revision of the data they were made from (the users revision, which
/// every change to a user, a card or an affiliation bumps in the same transaction). A lookup or
/// store at another revision, newer or older (a restored backup), drops everything kept, so an
/// answer is never served for data other than its own. Bounded: full, it starts over.
template <typename Value>
class RevisionCache {
public:
  explicit RevisionCache(std::size_t capacity) : capacity_(capacity) {}

  std::optional<Value> find(int64_t revision, const std::string& key) {
    std::lock_guard lock(mutex_);
    moveTo(revision);
    const auto found = entries_.find(key);
    if (found == entries_.end()) return std::nullopt;
    return found->second;
  }

  void remember(int64_t revision, const std::string& key, Value value) {
    std::lock_guard lock(mutex_);
    moveTo(revision);
    if (entries_.size() >= capacity_) entries_.clear();
    entries_.insert_or_assign(key, std::move(value));
  }

private:
  void moveTo(int64_t revision) {
    if (revision == revision_) return;
    entries_.clear();
    revision_ = revision;
  }

  std::size_t capacity_;
  std::mutex mutex_;
  int64_t revision_ = -1;
  std::unordered_map<std::string, Value> entries_;
};

}  // namespace monban::host::domain
