#pragma once

#include <atomic>
#include <cstdint>
#include <string>

#include "monban/host/Clock.h"
#include "monban/host/Database.h"
#include "monban/host/EventBus.h"
#include "monban/host/domain/DomainLimits.h"

namespace soci {
class session;
}

namespace monban::host::domain {

/// What every domain service works with.
struct DomainContext {
  Database& db;
  const Clock& clock;
  EventBus* bus = nullptr;  ///< null when nothing listens (offline CLI, unit tests)
  DomainLimits limits;
  /// Bumped (before the bus hears of it) whenever operators or affiliations change, so that a
  /// cached Actor (rights and scope) is known to be stale at once.
  mutable std::atomic<uint64_t> actor_generation{0};

  /// Publishes a domain change on the bus, after the change committed.
  void publish(const std::string& topic, std::string payload) const;
};

/// Marks, inside the caller's write transaction, that access users (or the affiliation subtrees
/// their lists filter by) changed: cached counts of user lists are stale from its commit on.
void bumpUsersRevision(soci::session& session);
/// The current users revision (see bumpUsersRevision).
int64_t usersRevision(soci::session& session);
/// The same, through the lease's prepared statement: the user list asks on every page.
int64_t usersRevision(const Database::Lease& lease);

/// A write transaction. On SQLite it takes the write lock at once (BEGIN IMMEDIATE) so two
/// writers queue on the busy timeout instead of failing to upgrade a read lock. Rolls back
/// unless committed.
class WriteTransaction {
public:
  WriteTransaction(soci::session& session, Dialect dialect);
  ~WriteTransaction();
  WriteTransaction(const WriteTransaction&) = delete;
  WriteTransaction& operator=(const WriteTransaction&) = delete;
  void commit();

private:
  soci::session& session_;
  Dialect dialect_;
  bool open_ = true;
};

}  // namespace monban::host::domain
