#include "monban/host/domain/AffiliationService.h"

#include <algorithm>
#include <unordered_map>

#include <soci/soci.h>

#include "monban/host/SqlDialect.h"
#include "monban/host/SqlStatement.h"
#include "monban/host/domain/ChangeLog.h"
#include "monban/host/domain/DomainError.h"
#include "monban/host/domain/FieldRules.h"
#include "monban/host/domain/JsonText.h"

namespace monban::host::domain {

namespace {

Affiliation fromRow(const SqlRow& row) {
  Affiliation a;
  a.id = sqlInteger(row.values[0]);
  a.code = sqlText(row.values[1]);
  a.name = sqlText(row.values[2]);
  if (!std::holds_alternative<std::monostate>(row.values[3])) a.parent_id = sqlInteger(row.values[3]);
  a.depth = static_cast<int>(sqlInteger(row.values[4]));
  a.path = sqlText(row.values[5]);
  a.updated_at_ms = sqlInteger(row.values[6]);
  return a;
}

const char* kColumns = "id, code, name, parent_id, depth, path, updated_at_ms";

std::optional<Affiliation> load(soci::session& s, int64_t id) {
  std::optional<Affiliation> out;
  querySql(s, std::string("SELECT ") + kColumns + " FROM affiliations WHERE id = :i", {id}, [&](const SqlRow& row) {
    out = fromRow(row);
    return false;
  });
  return out;
}

std::vector<Affiliation> subtree(soci::session& s, const std::string& path) {
  std::vector<Affiliation> out;
  querySql(s, std::string("SELECT ") + kColumns + " FROM affiliations WHERE path LIKE :p ORDER BY path", {path + "%"},
           [&](const SqlRow& row) {
             out.push_back(fromRow(row));
             return true;
           });
  return out;
}

void validate(const std::string& code, const std::string& name) {
  if (auto r = checkCode(code); !r.empty()) throw DomainError("invalid", "code " + r);
  if (auto r = checkText(name, 64, true); !r.empty()) throw DomainError("invalid", "name " + r);
}

std::string parentCodeOf(soci::session& s, const Affiliation& a) {
  if (!a.parent_id) return {};
  auto parent = load(s, *a.parent_id);
  return parent ? parent->code : std::string();
}

}  // namespace

std::string AffiliationService::snapshot(const Affiliation& a, const std::string& parentCode) {
  return JsonObject().add("code", a.code).add("name", a.name).add("parent", parentCode).str();
}

std::vector<Affiliation> AffiliationService::loadAll(soci::session& s) {
  std::vector<Affiliation> out;
  querySql(s, std::string("SELECT ") + kColumns + " FROM affiliations ORDER BY path", {}, [&](const SqlRow& row) {
    out.push_back(fromRow(row));
    return true;
  });
  return out;
}

void AffiliationService::requireWrite(const Actor& actor, const Affiliation& a) const {
  if (!actor.inAffiliationScope(a.path))
    throw DomainError("forbidden",
                      "affiliation '" + a.code + "' is outside the affiliations of operator '" + actor.name() + "'");
}

Affiliation AffiliationService::create(const Actor& actor, const std::string& code, const std::string& name,
                                       std::optional<int64_t> parentId) {
  actor.require(Right::Affiliations, AccessLevel::Edit);
  validate(code, name);
  Database::Lease lease = context_.db.acquire();
  auto& s = lease.session();
  WriteTransaction tx(s, context_.db.dialect());
  std::optional<Affiliation> parent;
  if (parentId) {
    parent = load(s, *parentId);
    if (!parent) throw DomainError("not_found", "parent affiliation " + std::to_string(*parentId) + " does not exist");
    requireWrite(actor, *parent);
    if (parent->depth >= context_.limits.affiliation_depth)
      throw DomainError("limit", "affiliation '" + parent->code + "' is at level " + std::to_string(parent->depth) +
                                     "; the tree has at most " + std::to_string(context_.limits.affiliation_depth) +
                                     " levels");
  } else if (!actor.scope().all_affiliations) {
    throw DomainError("forbidden", "operator '" + actor.name() + "' may not add top-level affiliations");
  }
  if (queryInteger(s, "SELECT COUNT(*) FROM affiliations", {}) >= static_cast<int64_t>(context_.limits.affiliations))
    throw DomainError("limit", "there are already " + std::to_string(context_.limits.affiliations) +
                                   " affiliations, the most one server holds");
  Affiliation out;
  out.code = code;
  out.name = name;
  out.parent_id = parentId;
  out.depth = parent ? parent->depth + 1 : 1;
  out.updated_at_ms = context_.clock.nowMs();
  try {
    // The path holds the new id, known only after the insert.
    querySql(s,
             insertReturningIdSql(context_.db.dialect(), "affiliations",
                                  "code, name, parent_id, depth, path, updated_at_ms", ":a, :b, :c, :d, :e, :f"),
             {code, name, parentId ? SqlValue(*parentId) : SqlValue(std::monostate{}), int64_t{out.depth},
              std::string("/"), out.updated_at_ms},
             [&](const SqlRow& row) {
               out.id = sqlInteger(row.values[0]);
               return false;
             });
  } catch (const DatabaseError& e) {
    if (isUniqueViolation(e)) throw DomainError("conflict", "affiliation code '" + code + "' already exists");
    throw;
  }
  out.path = (parent ? parent->path : std::string("/")) + std::to_string(out.id) + "/";
  executeSql(s, "UPDATE affiliations SET path = :p WHERE id = :i", {out.path, out.id});
  ChangeLog::recordUserSetting(s, out.updated_at_ms, actor, "register", "affiliation", code, "",
                               snapshot(out, parent ? parent->code : ""));
  ChangeLog::recordSystem(s, out.updated_at_ms, actor, "affiliations", "create", "ok", code);
  tx.commit();
  context_.publish("monban.affiliations.changed", JsonObject().add("id", out.id).add("change", "created").str());
  return out;
}

Affiliation AffiliationService::rename(const Actor& actor, int64_t id, const std::string& code,
                                       const std::string& name) {
  actor.require(Right::Affiliations, AccessLevel::Edit);
  validate(code, name);
  Database::Lease lease = context_.db.acquire();
  auto& s = lease.session();
  WriteTransaction tx(s, context_.db.dialect());
  auto before = load(s, id);
  if (!before) throw DomainError("not_found", "affiliation " + std::to_string(id) + " does not exist");
  requireWrite(actor, *before);
  Affiliation out = *before;
  out.code = code;
  out.name = name;
  out.updated_at_ms = context_.clock.nowMs();
  try {
    executeSql(s, "UPDATE affiliations SET code = :c, name = :n, updated_at_ms = :u WHERE id = :i",
               {code, name, out.updated_at_ms, id});
  } catch (const DatabaseError& e) {
    if (isUniqueViolation(e)) throw DomainError("conflict", "affiliation code '" + code + "' already exists");
    throw;
  }
  if (code != before->code) bumpUsersRevision(s);  // user lists show the affiliation's code
  const std::string parentCode = parentCodeOf(s, out);
  ChangeLog::recordUserSetting(s, out.updated_at_ms, actor, "change", "affiliation", before->code,
                               snapshot(*before, parentCode), snapshot(out, parentCode));
  ChangeLog::recordSystem(s, out.updated_at_ms, actor, "affiliations", "rename", "ok", before->code + " -> " + code);
  tx.commit();
  context_.publish("monban.affiliations.changed", JsonObject().add("id", id).add("change", "updated").str());
  return out;
}

Affiliation AffiliationService::move(const Actor& actor, int64_t id, std::optional<int64_t> newParentId) {
  actor.require(Right::Affiliations, AccessLevel::Edit);
  Database::Lease lease = context_.db.acquire();
  auto& s = lease.session();
  WriteTransaction tx(s, context_.db.dialect());
  auto before = load(s, id);
  if (!before) throw DomainError("not_found", "affiliation " + std::to_string(id) + " does not exist");
  requireWrite(actor, *before);
  std::optional<Affiliation> parent;
  if (newParentId) {
    parent = load(s, *newParentId);
    if (!parent) throw DomainError("not_found", "affiliation " + std::to_string(*newParentId) + " does not exist");
    requireWrite(actor, *parent);
    if (parent->path.rfind(before->path, 0) == 0)
      throw DomainError("invalid", "affiliation '" + before->code + "' cannot move under itself or its own sub-unit '" +
                                       parent->code + "'");
  } else if (!actor.scope().all_affiliations) {
    throw DomainError("forbidden", "operator '" + actor.name() + "' may not move affiliations to the top level");
  }
  const auto units = subtree(s, before->path);
  int deepest = before->depth;
  for (const auto& u : units) deepest = std::max(deepest, u.depth);
  const int newDepth = parent ? parent->depth + 1 : 1;
  const int delta = newDepth - before->depth;
  if (deepest + delta > context_.limits.affiliation_depth)
    throw DomainError("limit", "moving affiliation '" + before->code + "' there would make the tree " +
                                   std::to_string(deepest + delta) + " levels deep; at most " +
                                   std::to_string(context_.limits.affiliation_depth) + " are allowed");
  const std::string newPath = (parent ? parent->path : std::string("/")) + std::to_string(id) + "/";
  const int64_t now = context_.clock.nowMs();
  for (const auto& u : units) {
    const std::string path = newPath + u.path.substr(before->path.size());
    executeSql(s, "UPDATE affiliations SET path = :p, depth = :d, updated_at_ms = :u WHERE id = :i",
               {path, int64_t{u.depth + delta}, now, u.id});
  }
  executeSql(s, "UPDATE affiliations SET parent_id = :p WHERE id = :i",
             {newParentId ? SqlValue(*newParentId) : SqlValue(std::monostate{}), id});
  Affiliation out = *before;
  out.parent_id = newParentId;
  out.depth = newDepth;
  out.path = newPath;
  out.updated_at_ms = now;
  ChangeLog::recordUserSetting(s, now, actor, "change", "affiliation", before->code,
                               snapshot(*before, parentCodeOf(s, *before)), snapshot(out, parent ? parent->code : ""));
  ChangeLog::recordSystem(s, now, actor, "affiliations", "move", "ok",
                          before->code + " -> under " + (parent ? parent->code : std::string("(top level)")));
  bumpUsersRevision(s);
  tx.commit();
  context_.publish("monban.affiliations.changed", JsonObject().add("id", id).add("change", "moved").str());
  return out;
}

void AffiliationService::remove(const Actor& actor, int64_t id, bool withSubtree) {
  actor.require(Right::Affiliations, AccessLevel::Edit);
  Database::Lease lease = context_.db.acquire();
  auto& s = lease.session();
  WriteTransaction tx(s, context_.db.dialect());
  auto target = load(s, id);
  if (!target) throw DomainError("not_found", "affiliation " + std::to_string(id) + " does not exist");
  requireWrite(actor, *target);
  auto units = subtree(s, target->path);
  if (units.size() > 1 && !withSubtree)
    throw DomainError("conflict", "affiliation '" + target->code + "' has " + std::to_string(units.size() - 1) +
                                      " sub-affiliations; delete them first or delete the whole subtree");
  const int64_t users = queryInteger(
      s, "SELECT COUNT(*) FROM access_users WHERE affiliation_id IN (SELECT id FROM affiliations WHERE path LIKE :p)",
      {target->path + "%"});
  if (users > 0)
    throw DomainError("conflict", "affiliation '" + target->code + "' (with its sub-affiliations) still has " +
                                      std::to_string(users) + " access users; move or delete them first");
  const int64_t now = context_.clock.nowMs();
  std::unordered_map<int64_t, std::string> codes;
  for (const auto& u : units) codes[u.id] = u.code;
  // Deepest first, so no unit is deleted before its children.
  std::sort(units.begin(), units.end(), [](const Affiliation& a, const Affiliation& b) { return a.depth > b.depth; });
  for (const auto& u : units) {
    executeSql(s, "DELETE FROM affiliations WHERE id = :i", {u.id});
    ChangeLog::recordUserSetting(s, now, actor, "delete", "affiliation", u.code,
                                 snapshot(u, u.parent_id ? codes[*u.parent_id] : ""), "");
  }
  ChangeLog::recordSystem(s, now, actor, "affiliations", "delete", "ok",
                          target->code + " (" + std::to_string(units.size()) + " units)");
  bumpUsersRevision(s);
  tx.commit();
  context_.publish("monban.affiliations.changed", JsonObject().add("id", id).add("change", "deleted").str());
}

namespace {

void requireRead(const Actor& actor) {
  if (actor.rights().allows(Right::AccessUsers, AccessLevel::View) ||
      actor.rights().allows(Right::History, AccessLevel::View))
    return;
  actor.require(Right::Affiliations, AccessLevel::View);
}

/// In scope, or an ancestor of something in scope (shown so the tree can be navigated).
bool visible(const Actor& actor, const Affiliation& a) {
  if (actor.inAffiliationScope(a.path)) return true;
  for (const auto& root : actor.scope().affiliation_paths)
    if (root.rfind(a.path, 0) == 0) return true;
  return false;
}

}  // namespace

Affiliation AffiliationService::get(const Actor& actor, int64_t id) {
  requireRead(actor);
  Database::Lease lease = context_.db.acquire();
  auto a = load(lease.session(), id);
  if (!a) throw DomainError("not_found", "affiliation " + std::to_string(id) + " does not exist");
  if (!visible(actor, *a))
    throw DomainError("forbidden",
                      "affiliation '" + a->code + "' is outside the affiliations of operator '" + actor.name() + "'");
  return *a;
}

std::optional<Affiliation> AffiliationService::findByCode(const Actor& actor, const std::string& code) {
  requireRead(actor);
  Database::Lease lease = context_.db.acquire();
  std::optional<Affiliation> out;
  querySql(lease.session(), std::string("SELECT ") + kColumns + " FROM affiliations WHERE code = :c", {code},
           [&](const SqlRow& row) {
             out = fromRow(row);
             return false;
           });
  if (out && !visible(actor, *out)) return std::nullopt;
  return out;
}

std::vector<Affiliation> AffiliationService::tree(const Actor& actor) {
  requireRead(actor);
  Database::Lease lease = context_.db.acquire();
  std::vector<Affiliation> out;
  for (auto& a : loadAll(lease.session()))
    if (visible(actor, a)) out.push_back(std::move(a));
  return out;
}

}  // namespace monban::host::domain
