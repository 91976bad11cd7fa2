#include "monban/host/domain/AccessUserStore.h"

#include <algorithm>

#include <soci/soci.h>

#include "monban/host/BulkInserter.h"
#include "monban/host/SqlStatement.h"
#include "monban/host/domain/JsonText.h"

namespace monban::host::domain {

namespace {

constexpr std::size_t kInBatch = 500;

/// "(:p0, :p1, ...)" for an IN list of `n` values.
std::string inList(std::size_t n) {
  std::string out = "(";
  for (std::size_t i = 0; i < n; ++i) out += (i ? ", :p" : ":p") + std::to_string(i);
  return out + ")";
}

template <class T, class F>
void inBatches(const std::vector<T>& values, F&& body) {
  for (std::size_t start = 0; start < values.size(); start += kInBatch) {
    const std::size_t end = std::min(values.size(), start + kInBatch);
    std::vector<SqlValue> params;
    params.reserve(end - start);
    for (std::size_t i = start; i < end; ++i) params.emplace_back(values[i]);
    body(params);
  }
}

SqlValue textOrNull(const std::string& s) {
  if (s.empty()) return std::monostate{};
  return s;
}

}  // namespace

std::vector<AccessUser> AccessUserStore::load(const std::vector<int64_t>& ids, bool withPermissions) {
  std::unordered_map<int64_t, AccessUser> byId;
  inBatches(ids, [&](const std::vector<SqlValue>& params) {
    const std::string in = inList(params.size());
    querySql(session_,
             "SELECT u.id, u.user_id, u.name, u.reading, u.affiliation_id, a.code, u.valid_from, u.valid_to, u.pin,"
             " u.free1, u.free2, u.free3, u.updated_at_ms FROM access_users u"
             " LEFT JOIN affiliations a ON a.id = u.affiliation_id WHERE u.id IN " +
                 in,
             params, [&](const SqlRow& row) {
               AccessUser u;
               u.id = sqlInteger(row.values[0]);
               u.user_id = sqlText(row.values[1]);
               u.name = sqlText(row.values[2]);
               u.reading = sqlText(row.values[3]);
               u.affiliation_id = sqlInteger(row.values[4], 0);
               u.affiliation_code = sqlText(row.values[5]);
               u.valid_from = sqlText(row.values[6]);
               u.valid_to = sqlText(row.values[7]);
               u.pin = sqlText(row.values[8]);
               u.free = {sqlText(row.values[9]), sqlText(row.values[10]), sqlText(row.values[11])};
               u.updated_at_ms = sqlInteger(row.values[12]);
               byId.emplace(u.id, std::move(u));
               return true;
             });
    querySql(session_, "SELECT user_ref, card_data FROM user_cards WHERE user_ref IN " + in + " ORDER BY card_data",
             params, [&](const SqlRow& row) {
               byId[sqlInteger(row.values[0])].cards.push_back(sqlText(row.values[1]));
               return true;
             });
    if (!withPermissions) return;
    querySql(session_,
             "SELECT p.user_ref, p.gate_id, g.code, p.passable_level FROM user_gate_permissions p"
             " JOIN gates g ON g.id = p.gate_id WHERE p.user_ref IN " +
                 in + " ORDER BY g.code",
             params, [&](const SqlRow& row) {
               byId[sqlInteger(row.values[0])].gates.push_back(
                   {sqlInteger(row.values[1]), sqlText(row.values[2]), static_cast<int>(sqlInteger(row.values[3]))});
               return true;
             });
    querySql(session_,
             "SELECT p.user_ref, p.gate_group_id, g.code, p.passable_level FROM user_gate_group_permissions p"
             " JOIN gate_groups g ON g.id = p.gate_group_id WHERE p.user_ref IN " +
                 in + " ORDER BY g.code",
             params, [&](const SqlRow& row) {
               byId[sqlInteger(row.values[0])].gate_groups.push_back(
                   {sqlInteger(row.values[1]), sqlText(row.values[2]), static_cast<int>(sqlInteger(row.values[3]))});
               return true;
             });
  });
  std::vector<AccessUser> out;
  out.reserve(ids.size());
  for (int64_t id : ids) {
    auto it = byId.find(id);
    if (it != byId.end() && !it->second.user_id.empty()) out.push_back(std::move(it->second));
  }
  return out;
}

std::unordered_map<std::string, int64_t> AccessUserStore::idsOf(const std::vector<std::string>& userIds) {
  std::unordered_map<std::string, int64_t> out;
  inBatches(userIds, [&](const std::vector<SqlValue>& params) {
    querySql(session_, "SELECT user_id, id FROM access_users WHERE user_id IN " + inList(params.size()), params,
             [&](const SqlRow& row) {
               out[sqlText(row.values[0])] = sqlInteger(row.values[1]);
               return true;
             });
  });
  return out;
}

std::unordered_map<std::string, int64_t> AccessUserStore::allUserIds() {
  std::unordered_map<std::string, int64_t> out;
  querySql(session_, "SELECT user_id, id FROM access_users", {}, [&](const SqlRow& row) {
    out.emplace(sqlText(row.values[0]), sqlInteger(row.values[1]));
    return true;
  });
  return out;
}

std::unordered_map<std::string, int64_t> AccessUserStore::allCardOwners() {
  std::unordered_map<std::string, int64_t> out;
  querySql(session_, "SELECT card_data, user_ref FROM user_cards", {}, [&](const SqlRow& row) {
    out.emplace(sqlText(row.values[0]), sqlInteger(row.values[1]));
    return true;
  });
  return out;
}

std::unordered_map<std::string, int64_t> AccessUserStore::cardOwners(const std::vector<std::string>& cards) {
  std::unordered_map<std::string, int64_t> out;
  inBatches(cards, [&](const std::vector<SqlValue>& params) {
    querySql(session_, "SELECT card_data, user_ref FROM user_cards WHERE card_data IN " + inList(params.size()), params,
             [&](const SqlRow& row) {
               out[sqlText(row.values[0])] = sqlInteger(row.values[1]);
               return true;
             });
  });
  return out;
}

int64_t AccessUserStore::count() {
  int64_t n = 0;
  querySql(session_, "SELECT COUNT(*) FROM access_users", {}, [&](const SqlRow& row) {
    n = sqlInteger(row.values[0]);
    return false;
  });
  return n;
}

int64_t AccessUserStore::reserveIds(int64_t count) {
  if (database_.dialect() == Dialect::PostgreSQL)
    executeSql(session_, "LOCK TABLE access_users IN SHARE ROW EXCLUSIVE MODE", {});
  int64_t max = 0;
  querySql(session_, "SELECT COALESCE(MAX(id), 0) FROM access_users", {}, [&](const SqlRow& row) {
    max = sqlInteger(row.values[0]);
    return false;
  });
  if (database_.dialect() == Dialect::PostgreSQL && count > 0) {
    // Explicit ids bypass the identity sequence; move it past them so later inserts do not collide.
    querySql(session_, "SELECT setval(pg_get_serial_sequence('access_users', 'id'), :m)", {max + count},
             [](const SqlRow&) { return false; });
  }
  return max + 1;
}

void AccessUserStore::insert(const std::vector<const AccessUser*>& users) {
  if (users.empty()) return;
  if (database_.dialect() == Dialect::SqlServer) executeSql(session_, "SET IDENTITY_INSERT access_users ON", {});
  {
    BulkInserter rows(session_, database_, "access_users",
                      {"id", "user_id", "name", "reading", "affiliation_id", "valid_from", "valid_to", "pin", "free1",
                       "free2", "free3", "updated_at_ms"});
    for (const AccessUser* u : users) {
      rows.beginRow();
      rows.put(u->id);
      rows.put(u->user_id);
      rows.put(u->name);
      rows.put(u->reading);
      if (u->affiliation_id != 0)
        rows.put(u->affiliation_id);
      else
        rows.putNull();
      rows.putTextOrNull(u->valid_from);
      rows.putTextOrNull(u->valid_to);
      rows.putTextOrNull(u->pin);
      rows.put(u->free[0]);
      rows.put(u->free[1]);
      rows.put(u->free[2]);
      rows.put(u->updated_at_ms);
      rows.endRow();
    }
    rows.finish();
  }
  if (database_.dialect() == Dialect::SqlServer) executeSql(session_, "SET IDENTITY_INSERT access_users OFF", {});
  BulkInserter cards(session_, database_, "user_cards", {"card_data", "user_ref"});
  for (const AccessUser* u : users)
    for (const auto& c : u->cards) {
      cards.beginRow();
      cards.put(c);
      cards.put(u->id);
      cards.endRow();
    }
  cards.finish();
  BulkInserter gates(session_, database_, "user_gate_permissions", {"user_ref", "gate_id", "passable_level"});
  for (const AccessUser* u : users)
    for (const auto& p : u->gates) {
      gates.beginRow();
      gates.put(u->id);
      gates.put(p.target_id);
      gates.put(int64_t{p.level});
      gates.endRow();
    }
  gates.finish();
  BulkInserter groups(session_, database_, "user_gate_group_permissions",
                      {"user_ref", "gate_group_id", "passable_level"});
  for (const AccessUser* u : users)
    for (const auto& p : u->gate_groups) {
      groups.beginRow();
      groups.put(u->id);
      groups.put(p.target_id);
      groups.put(int64_t{p.level});
      groups.endRow();
    }
  groups.finish();
}

void AccessUserStore::update(const AccessUser& u) {
  executeSql(session_,
             "UPDATE access_users SET user_id = :a, name = :b, reading = :c, affiliation_id = :d, valid_from = :e,"
             " valid_to = :f, pin = :g, free1 = :h, free2 = :i, free3 = :j, updated_at_ms = :k WHERE id = :l",
             {u.user_id, u.name, u.reading,
              u.affiliation_id != 0 ? SqlValue(u.affiliation_id) : SqlValue(std::monostate{}), textOrNull(u.valid_from),
              textOrNull(u.valid_to), textOrNull(u.pin), u.free[0], u.free[1], u.free[2], u.updated_at_ms, u.id});
  executeSql(session_, "DELETE FROM user_cards WHERE user_ref = :i", {u.id});
  executeSql(session_, "DELETE FROM user_gate_permissions WHERE user_ref = :i", {u.id});
  executeSql(session_, "DELETE FROM user_gate_group_permissions WHERE user_ref = :i", {u.id});
  for (const auto& c : u.cards)
    executeSql(session_, "INSERT INTO user_cards (card_data, user_ref) VALUES (:c, :u)", {c, u.id});
  for (const auto& p : u.gates)
    executeSql(session_, "INSERT INTO user_gate_permissions (user_ref, gate_id, passable_level) VALUES (:u, :g, :l)",
               {u.id, p.target_id, int64_t{p.level}});
  for (const auto& p : u.gate_groups)
    executeSql(session_,
               "INSERT INTO user_gate_group_permissions (user_ref, gate_group_id, passable_level) VALUES (:u, :g, :l)",
               {u.id, p.target_id, int64_t{p.level}});
}

void AccessUserStore::remove(const std::vector<int64_t>& ids) {
  // Cards and permissions go with the user (ON DELETE CASCADE).
  inBatches(ids, [&](const std::vector<SqlValue>& params) {
    executeSql(session_, "DELETE FROM access_users WHERE id IN " + inList(params.size()), params);
  });
}

std::string AccessUserStore::snapshot(const AccessUser& u) {
  auto permissions = [](const std::vector<Permission>& list) {
    std::vector<std::string> out;
    out.reserve(list.size());
    for (const auto& p : list) out.push_back(p.target_code + ":" + std::to_string(p.level));
    return jsonStringArray(out);
  };
  return JsonObject()
      .add("user_id", u.user_id)
      .add("name", u.name)
      .add("reading", u.reading)
      .add("affiliation", u.affiliation_code)
      .add("valid_from", u.valid_from)
      .add("valid_to", u.valid_to)
      .add("pin", u.pin.empty() ? "" : "set")
      .add("free1", u.free[0])
      .add("free2", u.free[1])
      .add("free3", u.free[2])
      .addRaw("cards", jsonStringArray(u.cards))
      .addRaw("gates", permissions(u.gates))
      .addRaw("gate_groups", permissions(u.gate_groups))
      .str();
}

std::string AccessUserStore::changedPayload(const char* change, const std::vector<int64_t>& ids) {
  std::string list = "[";
  for (std::size_t i = 0; i < ids.size() && i < 1000; ++i) list += (i ? "," : "") + std::to_string(ids[i]);
  return JsonObject()
      .add("change", change)
      .add("count", static_cast<int64_t>(ids.size()))
      .addRaw("ids", list + "]")
      .add("complete", ids.size() <= 1000 ? "yes" : "no")
      .str();
}

std::string AccessUserStore::affiliationScopeCondition(const Actor& actor, const std::string& column,
                                                       std::vector<SqlValue>& params) {
  if (actor.scope().all_affiliations) return {};
  std::string condition = column + " IN (SELECT id FROM affiliations WHERE 1 = 0";
  for (std::size_t i = 0; i < actor.scope().affiliation_paths.size(); ++i) {
    condition += " OR path LIKE :s" + std::to_string(i);
    params.emplace_back(actor.scope().affiliation_paths[i] + "%");
  }
  return condition + ")";
}

}  // namespace monban::host::domain
