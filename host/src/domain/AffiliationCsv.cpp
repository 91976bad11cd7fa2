#include "monban/host/domain/AffiliationCsv.h"

#include <algorithm>
#include <map>
#include <sstream>
#include <unordered_map>

#include <soci/soci.h>

#include "monban/host/SqlDialect.h"
#include "monban/host/SqlStatement.h"
#include "monban/host/domain/AffiliationService.h"
#include "monban/host/domain/ChangeLog.h"
#include "monban/host/domain/CsvDocument.h"
#include "monban/host/domain/CsvWriter.h"
#include "monban/host/domain/DomainError.h"
#include "monban/host/domain/FieldRules.h"
#include "monban/host/domain/JsonText.h"

namespace monban::host::domain {

namespace {

enum Column { kOperation, kCode, kName, kParent };
const std::vector<std::string> kColumns = {"operation", "code", "name", "parent"};

/// The tree as the import changes it, row by row.
struct Tree {
  std::map<std::string, Affiliation> by_code;
  std::unordered_map<int64_t, std::string> code_of;
  std::unordered_map<int64_t, int64_t> users;  ///< access users per affiliation id

  Affiliation* find(const std::string& code) {
    auto it = by_code.find(code);
    return it == by_code.end() ? nullptr : &it->second;
  }
  std::vector<Affiliation*> subtree(const std::string& path) {
    std::vector<Affiliation*> out;
    for (auto& [code, a] : by_code)
      if (a.path.rfind(path, 0) == 0) out.push_back(&a);
    return out;
  }
};

std::string lower(std::string_view text) {
  std::string t(text);
  std::transform(t.begin(), t.end(), t.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return t;
}

}  // namespace

ImportReport AffiliationCsvImport::run(const Actor& actor, const std::string& fileBytes, const ImportOptions& options) {
  actor.require(Right::Affiliations, AccessLevel::Edit);
  const CsvDocument doc = CsvDocument::parse(decodeToUtf8(fileBytes, options.encoding));
  const auto columns = doc.headerIndexes(kColumns, {"operation", "code"});
  auto has = [&](Column c) { return columns[c] != std::string::npos; };

  ImportReport report;
  report.dry_run = options.dry_run;
  Database::Lease lease = context_.db.acquire();
  auto& s = lease.session();
  WriteTransaction tx(s, context_.db.dialect());
  Tree tree;
  for (auto& a : AffiliationService::loadAll(s)) {
    tree.code_of[a.id] = a.code;
    tree.by_code.emplace(a.code, std::move(a));
  }
  querySql(s,
           "SELECT affiliation_id, COUNT(*) FROM access_users WHERE affiliation_id IS NOT NULL GROUP BY affiliation_id",
           {}, [&](const SqlRow& row) {
             tree.users[sqlInteger(row.values[0])] = sqlInteger(row.values[1]);
             return true;
           });
  const int64_t now = context_.clock.nowMs();
  const int maxDepth = context_.limits.affiliation_depth;
  std::unordered_map<std::string, std::size_t> seen;

  for (std::size_t r = 1; r < doc.records(); ++r) {
    ImportRowResult result;
    result.line = doc.line(r);
    auto& problems = result.problems;
    auto cell = [&](Column c) { return doc.cell(r, columns[c]); };
    const std::string code = cell(kCode);
    result.key = code;
    std::string shapeValue;
    if (auto reason = doc.shapeProblem(r, shapeValue); !reason.empty()) problems.push_back({"", shapeValue, reason});
    const std::string op = lower(cell(kOperation));
    const bool add = op == "add" || op == "a", change = op == "change" || op == "c", del = op == "delete" || op == "d",
               set = op == "set" || op == "s";
    if (!add && !change && !del && !set)
      problems.push_back({"operation", cell(kOperation), "is not add, change, delete or set"});
    if (auto reason = checkCode(code); !reason.empty()) problems.push_back({"code", code, reason});
    if (!code.empty()) {
      auto [at, fresh] = seen.emplace(code, result.line);
      if (!fresh) problems.push_back({"code", code, "is also on line " + std::to_string(at->second)});
    }
    Affiliation* node = problems.empty() ? tree.find(code) : nullptr;
    if (problems.empty()) {
      if (add && node) problems.push_back({"code", code, "already exists; use change or set"});
      if ((change || del) && !node) problems.push_back({"code", code, "does not exist"});
      if (node && !actor.inAffiliationScope(node->path))
        problems.push_back({"code", code, "is outside the affiliations of operator '" + actor.name() + "'"});
    }
    const bool isNew = problems.empty() && !node && (add || set);
    std::string name = node ? node->name : std::string();
    if (has(kName) && !del) name = cell(kName);
    if (problems.empty() && !del)
      if (auto reason = checkText(name, 64, true); !reason.empty()) problems.push_back({"name", name, reason});

    // Where the unit hangs: its parent now, or the one the row names.
    Affiliation* parent = nullptr;
    bool moving = false;
    if (problems.empty() && !del) {
      const std::string current = node && node->parent_id ? tree.code_of[*node->parent_id] : std::string();
      const std::string wanted = has(kParent) ? cell(kParent) : current;
      moving = node && wanted != current;
      if (!wanted.empty()) {
        parent = tree.find(wanted);
        if (!parent) {
          problems.push_back({"parent", wanted, "is not a known affiliation code (define parents on earlier rows)"});
        } else if ((isNew || moving) && !actor.inAffiliationScope(parent->path)) {
          problems.push_back({"parent", wanted, "is outside the affiliations of operator '" + actor.name() + "'"});
        } else if (moving && parent->path.rfind(node->path, 0) == 0) {
          problems.push_back({"parent", wanted, "is the unit itself or one of its sub-units"});
        }
      } else if ((isNew || moving) && !actor.scope().all_affiliations) {
        problems.push_back({"parent", "", "is empty; operator '" + actor.name() + "' may not use the top level"});
      }
      if (problems.empty()) {
        const int newDepth = parent ? parent->depth + 1 : 1;
        int deepest = newDepth;
        if (node)
          for (auto* u : tree.subtree(node->path)) deepest = std::max(deepest, u->depth - node->depth + newDepth);
        if (deepest > maxDepth)
          problems.push_back({"parent", has(kParent) ? cell(kParent) : "",
                              "would make the tree " + std::to_string(deepest) + " levels deep; at most " +
                                  std::to_string(maxDepth) + " are allowed"});
        if (isNew && tree.by_code.size() >= context_.limits.affiliations)
          problems.push_back({"code", code,
                              "would exceed " + std::to_string(context_.limits.affiliations) +
                                  " affiliations, the most one server holds"});
      }
    }
    if (problems.empty() && del) {
      const auto units = tree.subtree(node->path);
      if (units.size() > 1)
        problems.push_back(
            {"code", code,
             "has " + std::to_string(units.size() - 1) + " sub-affiliations; delete them on earlier rows"});
      else if (tree.users[node->id] > 0)
        problems.push_back({"code", code, "still has " + std::to_string(tree.users[node->id]) + " access users"});
    }

    if (!problems.empty()) {
      result.outcome = ImportRowResult::Outcome::Failed;
      ++report.failed;
      report.rows.push_back(std::move(result));
      continue;
    }
    // Applied at once inside the transaction; a dry run or a strict failure rolls it all back.
    const std::string parentCode = parent ? parent->code : std::string();
    if (isNew) {
      Affiliation a;
      a.code = code;
      a.name = name;
      a.depth = parent ? parent->depth + 1 : 1;
      a.updated_at_ms = now;
      if (parent) a.parent_id = parent->id;
      querySql(s,
               insertReturningIdSql(context_.db.dialect(), "affiliations",
                                    "code, name, parent_id, depth, path, updated_at_ms", ":a, :b, :c, :d, :e, :f"),
               {code, name, a.parent_id ? SqlValue(*a.parent_id) : SqlValue(std::monostate{}), int64_t{a.depth},
                std::string("/"), now},
               [&](const SqlRow& row) {
                 a.id = sqlInteger(row.values[0]);
                 return false;
               });
      a.path = (parent ? parent->path : std::string("/")) + std::to_string(a.id) + "/";
      executeSql(s, "UPDATE affiliations SET path = :p WHERE id = :i", {a.path, a.id});
      ChangeLog::recordUserSetting(s, now, actor, "import-add", "affiliation", code, "",
                                   AffiliationService::snapshot(a, parentCode));
      tree.code_of[a.id] = code;
      tree.by_code.emplace(code, a);
      result.outcome = ImportRowResult::Outcome::Added;
      ++report.added;
    } else if (del) {
      const std::string before =
          AffiliationService::snapshot(*node, node->parent_id ? tree.code_of[*node->parent_id] : "");
      executeSql(s, "DELETE FROM affiliations WHERE id = :i", {node->id});
      ChangeLog::recordUserSetting(s, now, actor, "import-delete", "affiliation", code, before, "");
      tree.code_of.erase(node->id);
      tree.by_code.erase(code);
      result.outcome = ImportRowResult::Outcome::Deleted;
      ++report.deleted;
    } else {
      const std::string before =
          AffiliationService::snapshot(*node, node->parent_id ? tree.code_of[*node->parent_id] : "");
      if (moving) {
        const std::string oldPath = node->path;
        const std::string newPath = (parent ? parent->path : std::string("/")) + std::to_string(node->id) + "/";
        const int delta = (parent ? parent->depth + 1 : 1) - node->depth;
        for (auto* u : tree.subtree(oldPath)) {
          u->path = newPath + u->path.substr(oldPath.size());
          u->depth += delta;
          executeSql(s, "UPDATE affiliations SET path = :p, depth = :d, updated_at_ms = :u WHERE id = :i",
                     {u->path, int64_t{u->depth}, now, u->id});
        }
        node->parent_id = parent ? std::optional<int64_t>(parent->id) : std::nullopt;
      }
      node->name = name;
      node->updated_at_ms = now;
      executeSql(s, "UPDATE affiliations SET name = :n, parent_id = :p, updated_at_ms = :u WHERE id = :i",
                 {name, node->parent_id ? SqlValue(*node->parent_id) : SqlValue(std::monostate{}), now, node->id});
      ChangeLog::recordUserSetting(s, now, actor, "import-change", "affiliation", code, before,
                                   AffiliationService::snapshot(*node, parentCode));
      result.outcome = ImportRowResult::Outcome::Changed;
      ++report.changed;
    }
    report.rows.push_back(std::move(result));
    if (options.progress && r % 500 == 0) options.progress(r, doc.records() - 1);
  }
  if (options.progress) options.progress(doc.records() - 1, doc.records() - 1);

  if (options.dry_run || (options.strict && report.failed > 0)) return report;  // rolled back
  std::ostringstream summary;
  summary << (options.source.empty() ? std::string("affiliations") : options.source) << ": " << report.added
          << " added, " << report.changed << " changed, " << report.deleted << " deleted, " << report.failed
          << " failed";
  ChangeLog::recordSystem(s, now, actor, "affiliations", "import", report.failed ? "partial" : "ok", summary.str());
  bumpUsersRevision(s);
  tx.commit();
  report.applied = true;
  if (report.added + report.changed + report.deleted > 0)
    context_.publish("monban.affiliations.changed", JsonObject().add("change", "imported").str());
  return report;
}

int64_t AffiliationCsvExport::run(const Actor& actor, std::ostream& out, TextEncoding encoding) {
  AffiliationService service(context_);
  const auto tree = service.tree(actor);
  std::unordered_map<int64_t, std::string> codes;
  for (const auto& a : tree) codes[a.id] = a.code;
  std::ostringstream buffer;
  CsvWriter csv(buffer);
  csv.row(kColumns);
  int64_t written = 0;
  for (const auto& a : tree) {
    if (!actor.inAffiliationScope(a.path)) continue;  // ancestors shown for navigation only
    csv.row({"set", a.code, a.name, a.parent_id ? codes[*a.parent_id] : ""});
    ++written;
  }
  const std::string text = encoding == TextEncoding::ShiftJis ? encodeShiftJis(buffer.str()) : buffer.str();
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  return written;
}

}  // namespace monban::host::domain
