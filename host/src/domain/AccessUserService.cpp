#include "monban/host/domain/AccessUserService.h"

#include <type_traits>
#include <variant>

#include <soci/soci.h>

#include "monban/host/PreparedQuery.h"
#include "monban/host/SqlDialect.h"
#include "monban/host/SqlStatement.h"
#include "monban/host/domain/AccessUserRules.h"
#include "monban/host/domain/AccessUserStore.h"
#include "monban/host/domain/Catalogue.h"
#include "monban/host/domain/ChangeLog.h"
#include "monban/host/domain/DomainError.h"
#include "monban/host/domain/JsonText.h"

namespace monban::host::domain {

namespace {

std::string describe(const std::vector<FieldProblem>& problems) {
  std::string out;
  for (const auto& p : problems)
    out += (out.empty() ? "" : "; ") + p.field + (p.value.empty() ? "" : " '" + p.value + "'") + " " + p.reason;
  return out;
}

void requireInScope(const Actor& actor, const Catalogue& catalogue, const AccessUser& user) {
  const auto* a = user.affiliation_id != 0 ? catalogue.affiliation(user.affiliation_id) : nullptr;
  if (!actor.inAffiliationScope(a != nullptr ? a->path : std::string()))
    throw DomainError("forbidden", "access user '" + user.user_id + "' is outside the affiliations of operator '" +
                                       actor.name() + "'");
}

/// Cards of `user` already registered to someone else.
void requireFreeCards(AccessUserStore& store, const AccessUser& user) {
  for (const auto& [card, owner] : store.cardOwners(user.cards))
    if (owner != user.id)
      throw DomainError("conflict", "card '" + card + "' is already registered to another access user");
}

/// The WHERE clause (with parameters) of a query within the actor's scope.
std::string whereOf(const Actor& actor, const AccessUserQuery& q, std::vector<SqlValue>& params) {
  std::string where = " WHERE 1 = 1";
  if (!q.text.empty()) {
    where += " AND (u.user_id LIKE :t1 OR u.name LIKE :t2 OR u.reading LIKE :t3)";
    params.emplace_back(q.text + "%");
    params.emplace_back("%" + q.text + "%");
    params.emplace_back("%" + q.text + "%");
  }
  if (q.affiliation_id != 0) {
    where +=
        " AND u.affiliation_id IN (SELECT s.id FROM affiliations s, affiliations r WHERE r.id = :a"
        " AND s.path LIKE r.path || '%')";
    params.emplace_back(q.affiliation_id);
  }
  if (!q.card.empty()) {
    where += " AND u.id IN (SELECT user_ref FROM user_cards WHERE card_data = :c)";
    params.emplace_back(q.card);
  }
  if (q.gate_id != 0) {
    where += " AND u.id IN (SELECT user_ref FROM user_gate_permissions WHERE gate_id = :g)";
    params.emplace_back(q.gate_id);
  }
  if (auto scope = AccessUserStore::affiliationScopeCondition(actor, "u.affiliation_id", params); !scope.empty())
    where += " AND " + scope;
  return where;
}

}  // namespace

AccessUser AccessUserService::create(const Actor& actor, AccessUser user) {
  actor.require(Right::AccessUsers, AccessLevel::Edit);
  Database::Lease lease = context_.db.acquire();
  auto& s = lease.session();
  WriteTransaction tx(s, context_.db.dialect());
  const Catalogue catalogue = Catalogue::load(s);
  if (auto problems = resolveAccessUser(user, catalogue, actor, context_.limits); !problems.empty())
    throw DomainError("invalid", describe(problems), problems);
  AccessUserStore store(s, context_.db);
  if (store.count() >= static_cast<int64_t>(context_.limits.access_users))
    throw DomainError("limit", "there are already " + std::to_string(context_.limits.access_users) +
                                   " access users, the most one server holds");
  if (!store.idsOf({user.user_id}).empty())
    throw DomainError("conflict", "access user '" + user.user_id + "' already exists");
  requireFreeCards(store, user);
  user.id = store.reserveIds(1);
  user.updated_at_ms = context_.clock.nowMs();
  store.insert({&user});
  ChangeLog::recordUserSetting(s, user.updated_at_ms, actor, "register", "access_user", user.user_id, "",
                               AccessUserStore::snapshot(user));
  ChangeLog::recordSystem(s, user.updated_at_ms, actor, "access_users", "register", "ok", user.user_id);
  bumpUsersRevision(s);
  tx.commit();
  context_.publish("monban.users.changed", AccessUserStore::changedPayload("created", {user.id}));
  return user;
}

AccessUser AccessUserService::update(const Actor& actor, AccessUser user) {
  actor.require(Right::AccessUsers, AccessLevel::Edit);
  Database::Lease lease = context_.db.acquire();
  auto& s = lease.session();
  WriteTransaction tx(s, context_.db.dialect());
  const Catalogue catalogue = Catalogue::load(s);
  AccessUserStore store(s, context_.db);
  auto existing = store.load({user.id});
  if (existing.empty()) throw DomainError("not_found", "access user " + std::to_string(user.id) + " does not exist");
  const AccessUser& before = existing.front();
  requireInScope(actor, catalogue, before);
  if (auto problems = resolveAccessUser(user, catalogue, actor, context_.limits); !problems.empty())
    throw DomainError("invalid", describe(problems), problems);
  if (user.user_id != before.user_id && !store.idsOf({user.user_id}).empty())
    throw DomainError("conflict", "access user '" + user.user_id + "' already exists");
  requireFreeCards(store, user);
  keepOutOfScopePermissions(user, before, catalogue, actor);
  user.updated_at_ms = context_.clock.nowMs();
  store.update(user);
  ChangeLog::recordUserSetting(s, user.updated_at_ms, actor, "change", "access_user", before.user_id,
                               AccessUserStore::snapshot(before), AccessUserStore::snapshot(user));
  ChangeLog::recordSystem(s, user.updated_at_ms, actor, "access_users", "change", "ok", before.user_id);
  bumpUsersRevision(s);
  tx.commit();
  context_.publish("monban.users.changed", AccessUserStore::changedPayload("updated", {user.id}));
  hideOutOfScopePermissions(user, catalogue, actor);
  return user;
}

void AccessUserService::remove(const Actor& actor, int64_t id) {
  actor.require(Right::AccessUsers, AccessLevel::Edit);
  Database::Lease lease = context_.db.acquire();
  auto& s = lease.session();
  WriteTransaction tx(s, context_.db.dialect());
  const Catalogue catalogue = Catalogue::load(s);
  AccessUserStore store(s, context_.db);
  auto existing = store.load({id});
  if (existing.empty()) throw DomainError("not_found", "access user " + std::to_string(id) + " does not exist");
  requireInScope(actor, catalogue, existing.front());
  store.remove({id});
  const int64_t now = context_.clock.nowMs();
  ChangeLog::recordUserSetting(s, now, actor, "delete", "access_user", existing.front().user_id,
                               AccessUserStore::snapshot(existing.front()), "");
  ChangeLog::recordSystem(s, now, actor, "access_users", "delete", "ok", existing.front().user_id);
  bumpUsersRevision(s);
  tx.commit();
  context_.publish("monban.users.changed", AccessUserStore::changedPayload("deleted", {id}));
}

AccessUser AccessUserService::get(const Actor& actor, int64_t id) {
  actor.require(Right::AccessUsers, AccessLevel::View);
  Database::Lease lease = context_.db.acquire();
  const Catalogue catalogue = Catalogue::load(lease.session());
  AccessUserStore store(lease.session(), context_.db);
  auto users = store.load({id});
  if (users.empty()) throw DomainError("not_found", "access user " + std::to_string(id) + " does not exist");
  requireInScope(actor, catalogue, users.front());
  hideOutOfScopePermissions(users.front(), catalogue, actor);
  return users.front();
}

std::optional<AccessUser> AccessUserService::findByUserId(const Actor& actor, const std::string& userId) {
  actor.require(Right::AccessUsers, AccessLevel::View);
  int64_t id = 0;
  {
    Database::Lease lease = context_.db.acquire();
    AccessUserStore store(lease.session(), context_.db);
    auto ids = store.idsOf({userId});
    if (ids.empty()) return std::nullopt;
    id = ids.begin()->second;
  }
  try {
    return get(actor, id);
  } catch (const DomainError& e) {
    if (e.code() == "forbidden") return std::nullopt;  // out of scope looks like absent
    throw;
  }
}

struct AccessUserService::Prepared {
  int limit = 0;
  std::string where;
  std::vector<SqlValue> params;
  std::string conditions;  ///< where and its parameters as text: the key of cached answers
  int64_t revision = 0;
};

AccessUserService::Prepared AccessUserService::prepare(const Actor& actor, const AccessUserQuery& query,
                                                       Database::Lease& lease) {
  actor.require(Right::AccessUsers, AccessLevel::View);
  Prepared p;
  p.limit = checkedLimit(query.page.limit);
  p.where = whereOf(actor, query, p.params);
  p.conditions = p.where;
  for (const SqlValue& v : p.params)
    p.conditions += '\x1f' + std::visit(
                                 [](const auto& value) -> std::string {
                                   using V = std::decay_t<decltype(value)>;
                                   if constexpr (std::is_same_v<V, std::string>)
                                     return value;
                                   else if constexpr (std::is_same_v<V, std::monostate>)
                                     return "null";
                                   else
                                     return std::to_string(value);
                                 },
                                 v);
  p.revision = usersRevision(lease);
  return p;
}

Page<AccessUser> AccessUserService::search(const Actor& actor, const AccessUserQuery& query) {
  Database::Lease lease = context_.db.acquire();
  Prepared prepared = prepare(actor, query, lease);
  return run(query, prepared, lease);
}

std::string AccessUserService::searchRendered(const Actor& actor, const AccessUserQuery& query,
                                              const std::function<std::string(const Page<AccessUser>&)>& render) {
  Database::Lease lease = context_.db.acquire();
  Prepared prepared = prepare(actor, query, lease);
  const std::string key = prepared.conditions + '\x1e' + (query.sort == AccessUserQuery::Sort::Name ? "n" : "u") +
                          (query.descending ? "d" : "a") + std::to_string(prepared.limit) + '\x1e' + query.page.cursor;
  if (auto cached = pages_.find(prepared.revision, key)) return std::move(*cached);
  std::string rendered = render(run(query, prepared, lease));
  pages_.remember(prepared.revision, key, rendered);
  return rendered;
}

Page<AccessUser> AccessUserService::run(const AccessUserQuery& query, Prepared& prepared, Database::Lease& lease) {
  const int limit = prepared.limit;
  std::vector<SqlValue>& params = prepared.params;
  const std::string& where = prepared.where;
  const char* column = query.sort == AccessUserQuery::Sort::Name ? "name" : "user_id";
  const char* cmp = query.descending ? "<" : ">";
  const char* dir = query.descending ? " DESC" : "";
  Page<AccessUser> page;
  auto& s = lease.session();
  if (auto cached = totals_.find(prepared.revision, prepared.conditions)) {
    page.total = *cached;
  } else {
    querySql(s, "SELECT COUNT(*) FROM access_users u" + where, params, [&](const SqlRow& row) {
      page.total = sqlInteger(row.values[0]);
      return false;
    });
    totals_.remember(prepared.revision, prepared.conditions, page.total);
  }
  std::string keyset;
  if (!query.page.cursor.empty()) {
    // Cursor: "<row id>:<sort value>" of the last row of the previous page.
    const auto colon = query.page.cursor.find(':');
    int64_t lastId = 0;
    try {
      lastId = colon == std::string::npos ? 0 : std::stoll(query.page.cursor.substr(0, colon));
    } catch (const std::exception&) {
    }
    if (lastId <= 0) throw DomainError("invalid", "cursor '" + query.page.cursor + "' is not one this list returned");
    const std::string value = query.page.cursor.substr(colon + 1);
    // "(column, id) after (value, last id)", written so that every backend seeks the column's
    // index to the value instead of scanning from the start (an OR of the two alone defeats it).
    keyset = std::string(" AND u.") + column + " " + cmp + "= :kv AND (u." + column + " " + cmp + " :kw OR u.id " +
             cmp + " :ki)";
    params.emplace_back(value);
    params.emplace_back(value);
    params.emplace_back(lastId);
  }
  // One statement for the page: the users of the page (one more, to know whether another page
  // follows) joined with their affiliation and cards, one row per card.
  const std::string sql =
      std::string(
          "SELECT p.id, p.user_id, p.name, p.reading, p.affiliation_id, a.code, p.valid_from, p.valid_to, p.pin,"
          " p.free1, p.free2, p.free3, p.updated_at_ms, c.card_data FROM (SELECT u.id, u.user_id, u.name,"
          " u.reading, u.affiliation_id, u.valid_from, u.valid_to, u.pin, u.free1, u.free2, u.free3,"
          " u.updated_at_ms FROM access_users u") +
      where + keyset + " ORDER BY u." + column + dir + ", u.id" + dir + limitSql(context_.db.dialect(), limit + 1) +
      ") p LEFT JOIN affiliations a ON a.id = p.affiliation_id LEFT JOIN user_cards c ON c.user_ref = p.id ORDER BY "
      "p." +
      column + dir + ", p.id" + dir + ", c.card_data";
  using Column = PreparedQuery::Column;
  page.items.reserve(static_cast<std::size_t>(limit) + 1);
  lease.query(sql, params,
              {Column::Integer, Column::Text, Column::Text, Column::Text, Column::Integer, Column::Text, Column::Text,
               Column::Text, Column::Text, Column::Text, Column::Text, Column::Text, Column::Integer, Column::Text},
              [&](const PreparedQuery& row) {
                const int64_t id = row.integer(0);
                if (page.items.empty() || page.items.back().id != id) {
                  AccessUser& u = page.items.emplace_back();
                  u.id = id;
                  u.user_id = row.text(1);
                  u.name = row.text(2);
                  u.reading = row.text(3);
                  u.affiliation_id = row.integer(4);
                  u.affiliation_code = row.text(5);
                  u.valid_from = row.text(6);
                  u.valid_to = row.text(7);
                  u.pin = row.text(8);
                  u.free = {row.text(9), row.text(10), row.text(11)};
                  u.updated_at_ms = row.integer(12);
                }
                if (!row.isNull(13)) page.items.back().cards.push_back(row.text(13));
              });
  if (static_cast<int>(page.items.size()) > limit) {
    page.items.pop_back();
    const AccessUser& last = page.items.back();
    page.next_cursor =
        std::to_string(last.id) + ":" + (query.sort == AccessUserQuery::Sort::Name ? last.name : last.user_id);
  }
  return page;
}

int64_t AccessUserService::removeMatching(const Actor& actor, const AccessUserQuery& query) {
  actor.require(Right::AccessUsers, AccessLevel::Edit);
  Database::Lease lease = context_.db.acquire();
  auto& s = lease.session();
  WriteTransaction tx(s, context_.db.dialect());
  std::vector<SqlValue> params;
  const std::string where = whereOf(actor, query, params);
  std::vector<int64_t> ids;
  querySql(s, "SELECT u.id FROM access_users u" + where, params, [&](const SqlRow& row) {
    ids.push_back(sqlInteger(row.values[0]));
    return true;
  });
  AccessUserStore store(s, context_.db);
  const int64_t now = context_.clock.nowMs();
  for (std::size_t start = 0; start < ids.size(); start += 500) {
    std::vector<int64_t> batch(ids.begin() + static_cast<std::ptrdiff_t>(start),
                               ids.begin() + static_cast<std::ptrdiff_t>(std::min(ids.size(), start + 500)));
    for (const auto& u : store.load(batch))
      ChangeLog::recordUserSetting(s, now, actor, "delete", "access_user", u.user_id, AccessUserStore::snapshot(u), "");
    store.remove(batch);
  }
  ChangeLog::recordSystem(s, now, actor, "access_users", "bulk-delete", "ok", std::to_string(ids.size()) + " users");
  bumpUsersRevision(s);
  tx.commit();
  context_.publish("monban.users.changed", AccessUserStore::changedPayload("deleted", ids));
  return static_cast<int64_t>(ids.size());
}

}  // namespace monban::host::domain
