#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "monban/host/domain/AccessUser.h"
#include "monban/host/domain/Actor.h"
#include "monban/host/domain/DomainContext.h"
#include "monban/host/domain/Page.h"
#include "monban/host/domain/RevisionCache.h"

namespace monban::host::domain {

/// Filters, order and page of the access-user list. Filters combine with AND.
struct AccessUserQuery {
  std::string text;            ///< start of the user ID, or part of the name or reading
  int64_t affiliation_id = 0;  ///< with its sub-affiliations; 0: any
  std::string card;            ///< exact card data
  int64_t gate_id = 0;         ///< users with a direct permission for this gate; 0: any
  enum class Sort { UserId, Name } sort = Sort::UserId;
  bool descending = false;
  PageRequest page;
};

/// Access users (SPEC sections 3 and 4). Needs the access-users right (view to read, edit to
/// change); an operator only sees and changes users of its affiliations and only sees and sets
/// permissions for gates of its management groups (and gate groups all of whose gates are).
class AccessUserService {
public:
  explicit AccessUserService(DomainContext& context) : context_(context) {}

  AccessUser create(const Actor& actor, AccessUser user);
  /// Replaces the user with row id `user.id`; permissions outside the actor's scope are kept.
  AccessUser update(const Actor& actor, AccessUser user);
  void remove(const Actor& actor, int64_t id);
  AccessUser get(const Actor& actor, int64_t id);
  std::optional<AccessUser> findByUserId(const Actor& actor, const std::string& userId);
  /// Users with cards (permissions left out), keyset-paged so deep pages stay fast.
  Page<AccessUser> search(const Actor& actor, const AccessUserQuery& query);
  /// The page of `search` as `render` writes it, kept per operator scope and query until the
  /// users revision moves: the same page asked for again (many operators on the first page of
  /// the list) is answered without touching the users.
  std::string searchRendered(const Actor& actor, const AccessUserQuery& query,
                             const std::function<std::string(const Page<AccessUser>&)>& render);
  /// Deletes every user matching the query's filters (not just one page); returns how many.
  int64_t removeMatching(const Actor& actor, const AccessUserQuery& query);

private:
  struct Prepared;
  Prepared prepare(const Actor& actor, const AccessUserQuery& query, Database::Lease& lease);
  Page<AccessUser> run(const AccessUserQuery& query, Prepared& prepared, Database::Lease& lease);

  DomainContext& context_;
  /// The number of users matching a list's conditions: a list is paged through many times, and
  /// counting 300,000 rows each time would dominate.
  RevisionCache<int64_t> totals_{1000};
  RevisionCache<std::string> pages_{512};  ///< rendered pages, about 13 KB each
};

}  // namespace monban::host::domain
