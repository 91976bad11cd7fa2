#include "monban/host/domain/OperatorService.h"

#include <soci/soci.h>

#include "monban/host/SqlDialect.h"
#include "monban/host/SqlStatement.h"
#include "monban/host/domain/ChangeLog.h"
#include "monban/host/domain/DomainError.h"
#include "monban/host/domain/FieldRules.h"
#include "monban/host/domain/JsonText.h"
#include "monban/host/domain/PasswordHash.h"

namespace monban::host::domain {

namespace {

std::string idList(const std::vector<int64_t>& ids) {
  std::string out = "[";
  for (std::size_t i = 0; i < ids.size(); ++i) out += (i ? "," : "") + std::to_string(ids[i]);
  return out + "]";
}

std::string snapshot(const Operator& o) {
  return JsonObject()
      .add("login_id", o.login_id)
      .add("display_name", o.display_name)
      .add("type", o.type == OperatorType::SystemAdministrator ? "system" : "general")
      .add("rights", o.rights)
      .add("all_management_groups", o.all_management_groups ? 1 : 0)
      .addRaw("management_groups", idList(o.management_groups))
      .add("all_affiliations", o.all_affiliations ? 1 : 0)
      .addRaw("affiliations", idList(o.affiliations))
      .add("disabled", o.disabled ? 1 : 0)
      .str();
}

std::optional<Operator> load(soci::session& s, const std::string& where, const SqlValue& key, std::string* hash) {
  std::optional<Operator> out;
  querySql(
      s,
      "SELECT id, login_id, display_name, operator_type, rights, all_management_groups, all_affiliations, disabled,"
      " updated_at_ms, password_hash FROM operators WHERE " +
          where,
      {key}, [&](const SqlRow& row) {
        Operator o;
        o.id = sqlInteger(row.values[0]);
        o.login_id = sqlText(row.values[1]);
        o.display_name = sqlText(row.values[2]);
        o.type =
            sqlInteger(row.values[3]) == 2 ? OperatorType::SystemAdministrator : OperatorType::GeneralAdministrator;
        o.rights = sqlText(row.values[4]);
        o.all_management_groups = sqlInteger(row.values[5]) != 0;
        o.all_affiliations = sqlInteger(row.values[6]) != 0;
        o.disabled = sqlInteger(row.values[7]) != 0;
        o.updated_at_ms = sqlInteger(row.values[8]);
        if (hash) *hash = sqlText(row.values[9]);
        out = o;
        return false;
      });
  if (!out) return out;
  querySql(
      s,
      "SELECT management_group_id FROM operator_management_groups WHERE operator_id = :i ORDER BY management_group_id",
      {out->id}, [&](const SqlRow& row) {
        out->management_groups.push_back(sqlInteger(row.values[0]));
        return true;
      });
  querySql(s, "SELECT affiliation_id FROM operator_affiliations WHERE operator_id = :i ORDER BY affiliation_id",
           {out->id}, [&](const SqlRow& row) {
             out->affiliations.push_back(sqlInteger(row.values[0]));
             return true;
           });
  out->password_change_required =
      queryInteger(s, "SELECT COUNT(*) FROM operator_password_resets WHERE operator_id = :i", {out->id}) != 0;
  return out;
}

/// Validates and normalises (rights text rewritten in full, fixed rights checked).
void validate(Operator& o) {
  if (auto r = checkUserId(o.login_id); !r.empty()) throw DomainError("invalid", "login_id " + r);
  if (auto r = checkText(o.display_name, 64, true); !r.empty()) throw DomainError("invalid", "display_name " + r);
  o.rights = AccessRights::fromText(o.type, o.rights).toText();
}

void writeScopes(soci::session& s, const Operator& o) {
  executeSql(s, "DELETE FROM operator_management_groups WHERE operator_id = :i", {o.id});
  executeSql(s, "DELETE FROM operator_affiliations WHERE operator_id = :i", {o.id});
  for (int64_t g : o.management_groups) {
    if (queryInteger(s, "SELECT COUNT(*) FROM management_groups WHERE id = :i", {g}) == 0)
      throw DomainError("not_found", "management group " + std::to_string(g) + " does not exist");
    executeSql(s, "INSERT INTO operator_management_groups (operator_id, management_group_id) VALUES (:o, :g)",
               {o.id, g});
  }
  for (int64_t a : o.affiliations) {
    if (queryInteger(s, "SELECT COUNT(*) FROM affiliations WHERE id = :i", {a}) == 0)
      throw DomainError("not_found", "affiliation " + std::to_string(a) + " does not exist");
    executeSql(s, "INSERT INTO operator_affiliations (operator_id, affiliation_id) VALUES (:o, :a)", {o.id, a});
  }
}

void markPasswordReset(soci::session& s, int64_t operatorId, bool mustChange, int64_t now) {
  executeSql(s, "DELETE FROM operator_password_resets WHERE operator_id = :i", {operatorId});
  if (mustChange)
    executeSql(s, "INSERT INTO operator_password_resets (operator_id, set_at_ms) VALUES (:i, :t)", {operatorId, now});
}

/// Inserts the operator row and its scopes; sets `o.id`.
void insertOperator(soci::session& s, Dialect dialect, Operator& o, const std::string& hash) {
  try {
    querySql(s,
             insertReturningIdSql(dialect, "operators",
                                  "login_id, display_name, password_hash, operator_type, rights, all_management_groups,"
                                  " all_affiliations, disabled, updated_at_ms",
                                  ":a, :b, :c, :d, :e, :f, :g, :h, :i"),
             {o.login_id, o.display_name, hash, int64_t{o.type == OperatorType::SystemAdministrator ? 2 : 1}, o.rights,
              int64_t{o.all_management_groups}, int64_t{o.all_affiliations}, int64_t{o.disabled}, o.updated_at_ms},
             [&](const SqlRow& row) {
               o.id = sqlInteger(row.values[0]);
               return false;
             });
  } catch (const DatabaseError& e) {
    if (isUniqueViolation(e)) throw DomainError("conflict", "operator '" + o.login_id + "' already exists");
    throw;
  }
  writeScopes(s, o);
}

}  // namespace

Operator OperatorService::create(const Actor& actor, Operator input, const std::string& password) {
  actor.require(Right::Operators, AccessLevel::Edit);
  return add(actor, std::move(input), password, "create", [&](soci::session& s) {
    if (queryInteger(s, "SELECT COUNT(*) FROM operators", {}) >= static_cast<int64_t>(context_.limits.operators))
      throw DomainError("limit", "there are already " + std::to_string(context_.limits.operators) + " operators");
  });
}

Operator OperatorService::add(const Actor& actor, Operator input, const std::string& password,
                              std::string_view logAction, const std::function<void(soci::session&)>& precondition) {
  validate(input);
  if (auto r = checkPasswordRules(password); !r.empty()) throw DomainError("invalid", "password " + r);
  const std::string hash = hashPassword(password);  // slow on purpose: outside the transaction
  Database::Lease lease = context_.db.acquire();
  auto& s = lease.session();
  WriteTransaction tx(s, context_.db.dialect());
  precondition(s);
  input.updated_at_ms = context_.clock.nowMs();
  insertOperator(s, context_.db.dialect(), input, hash);
  // A password chosen by someone else is a one-time password.
  markPasswordReset(s, input.id, true, input.updated_at_ms);
  input.password_change_required = true;
  ChangeLog::recordUserSetting(s, input.updated_at_ms, actor, "register", "operator", input.login_id, "",
                               snapshot(input));
  ChangeLog::recordSystem(s, input.updated_at_ms, actor, "operators", logAction, "ok", input.login_id);
  tx.commit();
  context_.publish("monban.operators.changed", JsonObject().add("id", input.id).add("change", "created").str());
  return input;
}

Operator OperatorService::update(const Actor& actor, Operator input) {
  actor.require(Right::Operators, AccessLevel::Edit);
  validate(input);
  Database::Lease lease = context_.db.acquire();
  auto& s = lease.session();
  WriteTransaction tx(s, context_.db.dialect());
  auto before = load(s, "id = :i", input.id, nullptr);
  if (!before) throw DomainError("not_found", "operator " + std::to_string(input.id) + " does not exist");
  if (before->type != input.type)
    input.rights = AccessRights::fromText(input.type, "").toText();  // a new type starts from its defaults
  input.updated_at_ms = context_.clock.nowMs();
  executeSql(s,
             "UPDATE operators SET login_id = :a, display_name = :b, operator_type = :c, rights = :d,"
             " all_management_groups = :e, all_affiliations = :f, disabled = :g, updated_at_ms = :h WHERE id = :i",
             {input.login_id, input.display_name, int64_t{input.type == OperatorType::SystemAdministrator ? 2 : 1},
              input.rights, int64_t{input.all_management_groups}, int64_t{input.all_affiliations},
              int64_t{input.disabled}, input.updated_at_ms, input.id});
  writeScopes(s, input);
  ChangeLog::recordUserSetting(s, input.updated_at_ms, actor, "change", "operator", before->login_id, snapshot(*before),
                               snapshot(input));
  ChangeLog::recordSystem(s, input.updated_at_ms, actor, "operators", "update", "ok", input.login_id);
  tx.commit();
  context_.publish("monban.operators.changed", JsonObject().add("id", input.id).add("change", "updated").str());
  return input;
}

void OperatorService::setPassword(const Actor& actor, int64_t id, const std::string& password) {
  if (actor.operatorId() != id) actor.require(Right::Operators, AccessLevel::Edit);
  if (auto r = checkPasswordRules(password); !r.empty()) throw DomainError("invalid", "password " + r);
  const std::string hash = hashPassword(password);
  Database::Lease lease = context_.db.acquire();
  auto& s = lease.session();
  WriteTransaction tx(s, context_.db.dialect());
  auto before = load(s, "id = :i", id, nullptr);
  if (!before) throw DomainError("not_found", "operator " + std::to_string(id) + " does not exist");
  const int64_t now = context_.clock.nowMs();
  executeSql(s, "UPDATE operators SET password_hash = :h, updated_at_ms = :u WHERE id = :i", {hash, now, id});
  markPasswordReset(s, id, actor.operatorId() != id, now);
  ChangeLog::recordSystem(s, now, actor, "operators", "set-password", "ok", before->login_id);
  tx.commit();
  context_.publish("monban.operators.changed", JsonObject().add("id", id).add("change", "password").str());
}

void OperatorService::changeOwnPassword(const Actor& actor, const std::string& currentPassword,
                                        const std::string& newPassword) {
  if (actor.operatorId() == 0) throw DomainError("invalid", "only an operator has a password to change");
  std::string hash;
  {
    Database::Lease lease = context_.db.acquire();
    if (!load(lease.session(), "id = :i", actor.operatorId(), &hash))
      throw DomainError("not_found", "operator " + std::to_string(actor.operatorId()) + " does not exist");
  }
  if (!verifyPassword(hash, currentPassword)) throw DomainError("unauthorized", "the current password is wrong");
  if (currentPassword == newPassword) throw DomainError("invalid", "password must differ from the current one");
  setPassword(actor, actor.operatorId(), newPassword);
}

bool OperatorService::setupRequired() {
  Database::Lease lease = context_.db.acquire();
  return queryInteger(lease.session(), "SELECT COUNT(*) FROM operators", {}) == 0;
}

Operator OperatorService::bootstrap(const Actor& actor, const std::string& loginId, const std::string& password) {
  Operator input;
  input.login_id = loginId;
  input.display_name = loginId;
  input.type = OperatorType::SystemAdministrator;
  input.all_management_groups = true;
  input.all_affiliations = true;
  return add(actor, std::move(input), password, "bootstrap", [](soci::session& s) {
    if (queryInteger(s, "SELECT COUNT(*) FROM operators", {}) != 0)
      throw DomainError("conflict", "operators exist already; the first administrator can be created only once");
  });
}

void OperatorService::remove(const Actor& actor, int64_t id) {
  actor.require(Right::Operators, AccessLevel::Edit);
  if (actor.operatorId() == id) throw DomainError("conflict", "an operator cannot delete itself");
  Database::Lease lease = context_.db.acquire();
  auto& s = lease.session();
  WriteTransaction tx(s, context_.db.dialect());
  auto before = load(s, "id = :i", id, nullptr);
  if (!before) throw DomainError("not_found", "operator " + std::to_string(id) + " does not exist");
  executeSql(s, "DELETE FROM operators WHERE id = :i", {id});
  const int64_t now = context_.clock.nowMs();
  ChangeLog::recordUserSetting(s, now, actor, "delete", "operator", before->login_id, snapshot(*before), "");
  ChangeLog::recordSystem(s, now, actor, "operators", "delete", "ok", before->login_id);
  tx.commit();
  context_.publish("monban.operators.changed", JsonObject().add("id", id).add("change", "deleted").str());
}

Operator OperatorService::get(const Actor& actor, int64_t id) {
  if (actor.operatorId() != id) actor.require(Right::Operators, AccessLevel::View);
  Database::Lease lease = context_.db.acquire();
  auto o = load(lease.session(), "id = :i", id, nullptr);
  if (!o) throw DomainError("not_found", "operator " + std::to_string(id) + " does not exist");
  return *o;
}

std::vector<Operator> OperatorService::list(const Actor& actor) {
  actor.require(Right::Operators, AccessLevel::View);
  Database::Lease lease = context_.db.acquire();
  std::vector<int64_t> ids;
  querySql(lease.session(), "SELECT id FROM operators ORDER BY login_id", {}, [&](const SqlRow& row) {
    ids.push_back(sqlInteger(row.values[0]));
    return true;
  });
  std::vector<Operator> out;
  for (int64_t id : ids) out.push_back(*load(lease.session(), "id = :i", id, nullptr));
  return out;
}

namespace {

std::optional<Actor> resolveActor(soci::session& s, const std::optional<Operator>& o) {
  if (!o || o->disabled) return std::nullopt;
  Scope scope;
  scope.all_management_groups = o->all_management_groups;
  scope.management_groups = o->management_groups;
  scope.all_affiliations = o->all_affiliations;
  for (int64_t a : o->affiliations)
    querySql(s, "SELECT path FROM affiliations WHERE id = :i", {a}, [&](const SqlRow& row) {
      scope.affiliation_paths.push_back(sqlText(row.values[0]));
      return false;
    });
  return Actor::forOperator(o->id, o->login_id, AccessRights::fromText(o->type, o->rights), scope);
}

}  // namespace

std::optional<Actor> OperatorService::actorFor(const std::string& loginId) {
  Database::Lease lease = context_.db.acquire();
  return resolveActor(lease.session(), load(lease.session(), "login_id = :l", loginId, nullptr));
}

std::optional<Actor> OperatorService::actorForId(int64_t operatorId) {
  Database::Lease lease = context_.db.acquire();
  return resolveActor(lease.session(), load(lease.session(), "id = :i", operatorId, nullptr));
}

std::optional<Actor> OperatorService::authenticate(const std::string& loginId, const std::string& password) {
  std::string hash;
  {
    Database::Lease lease = context_.db.acquire();
    auto o = load(lease.session(), "login_id = :l", loginId, &hash);
    if (!o || o->disabled) hash.clear();
  }
  // An unknown login costs the same hashing work, so timing tells nothing.
  static const std::string decoy = hashPassword("monban-decoy-password");
  const bool ok = verifyPassword(hash.empty() ? decoy : hash, password) && !hash.empty();
  if (!ok) return std::nullopt;
  return actorFor(loginId);
}

SavedSearch OperatorService::saveSearch(const Actor& actor, const std::string& name, const std::string& conditions) {
  if (actor.operatorId() == 0) throw DomainError("invalid", "saved searches belong to operators");
  if (auto r = checkText(name, 64, true); !r.empty()) throw DomainError("invalid", "name " + r);
  if (conditions.size() > 8000) throw DomainError("invalid", "conditions are longer than 8,000 bytes");
  Database::Lease lease = context_.db.acquire();
  auto& s = lease.session();
  WriteTransaction tx(s, context_.db.dialect());
  SavedSearch out{0, name, conditions};
  const int64_t now = context_.clock.nowMs();
  const int64_t existing =
      queryInteger(s, "SELECT id FROM saved_searches WHERE operator_id = :o AND name = :n", {actor.operatorId(), name});
  if (existing != 0) {
    executeSql(s, "UPDATE saved_searches SET conditions = :c, updated_at_ms = :u WHERE id = :i",
               {conditions, now, existing});
    out.id = existing;
  } else {
    if (queryInteger(s, "SELECT COUNT(*) FROM saved_searches WHERE operator_id = :o", {actor.operatorId()}) >=
        static_cast<int64_t>(context_.limits.saved_searches_per_operator))
      throw DomainError("limit", "operator '" + actor.name() + "' already keeps " +
                                     std::to_string(context_.limits.saved_searches_per_operator) +
                                     " saved searches; delete one first");
    querySql(s,
             insertReturningIdSql(context_.db.dialect(), "saved_searches",
                                  "operator_id, name, conditions, updated_at_ms", ":o, :n, :c, :u"),
             {actor.operatorId(), name, conditions, now}, [&](const SqlRow& row) {
               out.id = sqlInteger(row.values[0]);
               return false;
             });
  }
  tx.commit();
  return out;
}

std::vector<SavedSearch> OperatorService::savedSearches(const Actor& actor) {
  Database::Lease lease = context_.db.acquire();
  std::vector<SavedSearch> out;
  querySql(lease.session(), "SELECT id, name, conditions FROM saved_searches WHERE operator_id = :o ORDER BY name",
           {actor.operatorId()}, [&](const SqlRow& row) {
             out.push_back({sqlInteger(row.values[0]), sqlText(row.values[1]), sqlText(row.values[2])});
             return true;
           });
  return out;
}

void OperatorService::removeSearch(const Actor& actor, int64_t id) {
  Database::Lease lease = context_.db.acquire();
  auto& s = lease.session();
  WriteTransaction tx(s, context_.db.dialect());
  if (executeSql(s, "DELETE FROM saved_searches WHERE id = :i AND operator_id = :o", {id, actor.operatorId()}) == 0)
    throw DomainError("not_found",
                      "saved search " + std::to_string(id) + " is not one of operator '" + actor.name() + "'");
  tx.commit();
}

}  // namespace monban::host::domain
