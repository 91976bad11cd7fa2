#include "monban/host/domain/DomainContext.h"

#include "monban/host/SqlStatement.h"

#include <soci/soci.h>

#include "monban/host/domain/DomainError.h"
#include "monban/host/domain/Page.h"

namespace monban::host::domain {

void DomainContext::publish(const std::string& topic, std::string payload) const {
  if (topic == "monban.operators.changed" || topic == "monban.affiliations.changed") ++actor_generation;
  if (bus != nullptr) bus->publish("host", topic, 1, std::move(payload));
}

int checkedLimit(int limit) {
  if (limit < 1 || limit > 1000) throw DomainError("invalid", "limit must be 1 to 1000, not " + std::to_string(limit));
  return limit;
}

namespace {

/// SOCI's own errors as the host's DatabaseError, so callers see one kind of failure.
template <class F>
void asDatabaseError(F&& body) {
  try {
    body();
  } catch (const soci::soci_error& e) {
    throw DatabaseError(e.get_error_message());
  }
}

}  // namespace

WriteTransaction::WriteTransaction(soci::session& session, Dialect dialect) : session_(session), dialect_(dialect) {
  asDatabaseError([&] {
    if (dialect_ == Dialect::SQLite)
      session_ << "BEGIN IMMEDIATE";
    else
      session_.begin();
  });
}

WriteTransaction::~WriteTransaction() {
  if (!open_) return;
  try {
    if (dialect_ == Dialect::SQLite)
      session_ << "ROLLBACK";
    else
      session_.rollback();
  } catch (...) {
    // The connection is gone; the database rolls the transaction back itself.
  }
}

void WriteTransaction::commit() {
  asDatabaseError([&] {
    if (dialect_ == Dialect::SQLite)
      session_ << "COMMIT";
    else
      session_.commit();
  });
  open_ = false;
}

void bumpUsersRevision(soci::session& session) {
  executeSql(session, "UPDATE domain_revisions SET revision = revision + 1 WHERE name = 'users'", {});
}

int64_t usersRevision(soci::session& session) {
  return queryInteger(session, "SELECT revision FROM domain_revisions WHERE name = 'users'", {});
}

int64_t usersRevision(const Database::Lease& lease) {
  int64_t revision = 0;
  lease.query("SELECT revision FROM domain_revisions WHERE name = 'users'", {}, {PreparedQuery::Column::Integer},
              [&](const PreparedQuery& row) { revision = row.integer(0); });
  return revision;
}

}  // namespace monban::host::domain
