#include "monban/host/domain/UserCsv.h"

#include <algorithm>
#include <charconv>
#include <sstream>
#include <unordered_map>

#include <soci/soci.h>

#include "monban/host/BulkInserter.h"
#include "monban/host/SqlDialect.h"
#include "monban/host/SqlStatement.h"
#include "monban/host/domain/AccessUserRules.h"
#include "monban/host/domain/AccessUserStore.h"
#include "monban/host/domain/Catalogue.h"
#include "monban/host/domain/ChangeLog.h"
#include "monban/host/domain/CsvDocument.h"
#include "monban/host/domain/CsvWriter.h"
#include "monban/host/domain/DomainError.h"
#include "monban/host/domain/FieldRules.h"
#include "monban/host/domain/JsonText.h"

namespace monban::host::domain {

const char* toString(ImportRowResult::Outcome outcome) {
  switch (outcome) {
    case ImportRowResult::Outcome::Added:
      return "added";
    case ImportRowResult::Outcome::Changed:
      return "changed";
    case ImportRowResult::Outcome::Deleted:
      return "deleted";
    case ImportRowResult::Outcome::Failed:
      return "failed";
  }
  return "failed";
}

const std::vector<std::string>& userCsvColumns() {
  static const std::vector<std::string> columns = {"operation",   "user_id",  "name",  "reading", "affiliation",
                                                   "valid_from",  "valid_to", "pin",   "cards",   "gates",
                                                   "gate_groups", "free1",    "free2", "free3"};
  return columns;
}

namespace {

enum Column {
  kOperation,
  kUserId,
  kName,
  kReading,
  kAffiliation,
  kValidFrom,
  kValidTo,
  kPin,
  kCards,
  kGates,
  kGateGroups,
  kFree1,
  kFree2,
  kFree3,
  kColumnCount
};

enum class Operation { Add, Change, Delete, Set, Unknown };

Operation operationOf(std::string_view text) {
  std::string t(text);
  std::transform(t.begin(), t.end(), t.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (t == "add" || t == "a") return Operation::Add;
  if (t == "change" || t == "c") return Operation::Change;
  if (t == "delete" || t == "d") return Operation::Delete;
  if (t == "set" || t == "s") return Operation::Set;
  return Operation::Unknown;
}

std::vector<std::string_view> splitList(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find(';', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view item = text.substr(start, end - start);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (!item.empty()) out.push_back(item);
    start = end + 1;
  }
  return out;
}

/// "CODE" or "CODE:level" items separated by ';'.
std::vector<Permission> parsePermissions(std::string_view text, const char* column,
                                         std::vector<FieldProblem>& problems) {
  std::vector<Permission> out;
  for (std::string_view item : splitList(text)) {
    Permission p;
    const auto colon = item.find(':');
    p.target_code = std::string(item.substr(0, colon));
    if (colon != std::string_view::npos) {
      const std::string_view level = item.substr(colon + 1);
      int value = 0;
      const auto [end, ec] = std::from_chars(level.data(), level.data() + level.size(), value);
      if (ec != std::errc() || end != level.data() + level.size()) {
        problems.push_back({column, std::string(item), "has a passable level that is not a number"});
        continue;
      }
      p.level = value;
    }
    out.push_back(std::move(p));
  }
  return out;
}

/// The state an import carries from row to row, so rows are checked against each other as
/// well as against the database.
struct ImportState {
  struct Existing {
    int64_t id;
    int64_t affiliation_id;
  };
  std::unordered_map<std::string, Existing> users;          ///< by user ID, as the import goes
  std::unordered_map<std::string, std::string> card_owner;  ///< card data -> user ID
  std::unordered_map<std::string, std::size_t> seen;        ///< user ID -> line first seen in the file
  int64_t count = 0;
};

/// One row after checking: what to write.
struct Plan {
  std::size_t result;  ///< index in the report
  Operation operation;
  AccessUser after;
  AccessUser before;  ///< change and delete
};

}  // namespace

ImportReport UserCsvImport::run(const Actor& actor, const std::string& fileBytes, const ImportOptions& options) {
  actor.require(Right::AccessUserImport, AccessLevel::Edit);
  actor.require(Right::AccessUsers, AccessLevel::Edit);
  const CsvDocument doc = CsvDocument::parse(decodeToUtf8(fileBytes, options.encoding));
  const auto columns = doc.headerIndexes(userCsvColumns(), {"operation", "user_id"});
  auto has = [&](Column c) { return columns[c] != std::string::npos; };

  ImportReport report;
  report.dry_run = options.dry_run;
  Database::Lease lease = context_.db.acquire();
  auto& s = lease.session();
  WriteTransaction tx(s, context_.db.dialect());
  const Catalogue catalogue = Catalogue::load(s);
  AccessUserStore store(s, context_.db);

  ImportState state;
  {
    std::unordered_map<int64_t, std::string> userIdOf;
    querySql(s, "SELECT user_id, id, affiliation_id FROM access_users", {}, [&](const SqlRow& row) {
      const int64_t id = sqlInteger(row.values[1]);
      auto [it, inserted] =
          state.users.emplace(sqlText(row.values[0]), ImportState::Existing{id, sqlInteger(row.values[2], 0)});
      userIdOf.emplace(id, it->first);
      return true;
    });
    for (auto& [card, owner] : store.allCardOwners()) state.card_owner.emplace(card, userIdOf[owner]);
    state.count = static_cast<int64_t>(state.users.size());
  }

  const int64_t now = context_.clock.nowMs();
  const std::size_t total = doc.records() - 1;
  constexpr std::size_t kChunk = 2000;
  std::vector<int64_t> changedIds;
  const bool writing = !options.dry_run;

  for (std::size_t first = 1; first < doc.records(); first += kChunk) {
    const std::size_t last = std::min(doc.records(), first + kChunk);
    // The users this chunk changes or deletes, loaded in one go.
    std::vector<int64_t> refs;
    for (std::size_t r = first; r < last; ++r) {
      if (doc.fields(r) <= columns[kUserId]) continue;
      auto it = state.users.find(std::string(doc.field(r, columns[kUserId])));
      if (it != state.users.end()) refs.push_back(it->second.id);
    }
    std::unordered_map<int64_t, AccessUser> loaded;
    for (auto& u : store.load(refs)) loaded.emplace(u.id, std::move(u));

    std::vector<Plan> plans;
    for (std::size_t r = first; r < last; ++r) {
      ImportRowResult result;
      result.line = doc.line(r);
      auto& problems = result.problems;
      auto cell = [&](Column c) { return doc.cell(r, columns[c]); };
      const std::string userId = cell(kUserId);
      result.key = userId;
      std::string shapeValue;
      if (auto reason = doc.shapeProblem(r, shapeValue); !reason.empty()) problems.push_back({"", shapeValue, reason});
      const Operation op = operationOf(cell(kOperation));
      if (op == Operation::Unknown)
        problems.push_back({"operation", cell(kOperation), "is not add, change, delete or set"});
      if (auto reason = checkUserId(userId); !reason.empty()) problems.push_back({"user_id", userId, reason});
      if (!userId.empty()) {
        auto [seenAt, fresh] = state.seen.emplace(userId, result.line);
        if (!fresh) problems.push_back({"user_id", userId, "is also on line " + std::to_string(seenAt->second)});
      }

      Plan plan{report.rows.size(), op, {}, {}};
      const auto existing = problems.empty() ? state.users.find(userId) : state.users.end();
      const bool exists = existing != state.users.end();
      if (problems.empty()) {
        if (op == Operation::Add && exists)
          problems.push_back({"user_id", userId, "already exists; use change or set"});
        if ((op == Operation::Change || op == Operation::Delete) && !exists)
          problems.push_back({"user_id", userId, "does not exist"});
      }
      const bool isNew = op == Operation::Add || (op == Operation::Set && !exists);
      if (problems.empty() && !isNew) {
        auto found = loaded.find(existing->second.id);
        if (found == loaded.end()) {
          problems.push_back({"user_id", userId, "does not exist"});
        } else {
          plan.before = found->second;
          const auto* a = plan.before.affiliation_id ? catalogue.affiliation(plan.before.affiliation_id) : nullptr;
          if (!actor.inAffiliationScope(a ? a->path : std::string()))
            problems.push_back({"user_id", userId, "is outside the affiliations of operator '" + actor.name() + "'"});
        }
      }
      if (problems.empty() && op != Operation::Delete) {
        AccessUser& u = plan.after;
        if (!isNew) {
          u = plan.before;
          hideOutOfScopePermissions(u, catalogue, actor);
        }
        u.user_id = userId;
        if (has(kName)) u.name = cell(kName);
        if (has(kReading)) u.reading = cell(kReading);
        if (has(kAffiliation)) u.affiliation_code = cell(kAffiliation);
        if (has(kValidFrom)) u.valid_from = cell(kValidFrom);
        if (has(kValidTo)) u.valid_to = cell(kValidTo);
        if (has(kPin)) u.pin = cell(kPin);
        if (has(kFree1)) u.free[0] = cell(kFree1);
        if (has(kFree2)) u.free[1] = cell(kFree2);
        if (has(kFree3)) u.free[2] = cell(kFree3);
        if (has(kCards)) {
          u.cards.clear();
          const std::string cards = cell(kCards);  // the views below point into it
          for (auto c : splitList(cards)) u.cards.emplace_back(c);
        }
        if (has(kGates)) u.gates = parsePermissions(cell(kGates), "gates", problems);
        if (has(kGateGroups)) u.gate_groups = parsePermissions(cell(kGateGroups), "gate_groups", problems);
        for (auto& p : resolveAccessUser(u, catalogue, actor, context_.limits)) problems.push_back(std::move(p));
        if (!isNew) keepOutOfScopePermissions(u, plan.before, catalogue, actor);
        for (const auto& card : u.cards) {
          auto owner = state.card_owner.find(card);
          if (owner != state.card_owner.end() && owner->second != userId)
            problems.push_back({"cards", card, "is already registered to access user '" + owner->second + "'"});
        }
        if (isNew && problems.empty() && state.count >= static_cast<int64_t>(context_.limits.access_users))
          problems.push_back({"user_id", userId,
                              "would exceed " + std::to_string(context_.limits.access_users) +
                                  " access users, the most one server holds"});
      }

      if (!problems.empty()) {
        result.outcome = ImportRowResult::Outcome::Failed;
        ++report.failed;
        report.rows.push_back(std::move(result));
        continue;
      }
      // The row is good: later rows see its effect.
      for (const auto& card : plan.before.cards) state.card_owner.erase(card);
      if (op == Operation::Delete) {
        state.users.erase(existing);
        --state.count;
        result.outcome = ImportRowResult::Outcome::Deleted;
        ++report.deleted;
      } else {
        for (const auto& card : plan.after.cards) state.card_owner[card] = userId;
        if (isNew) {
          state.users.emplace(userId, ImportState::Existing{0, plan.after.affiliation_id});
          ++state.count;
          result.outcome = ImportRowResult::Outcome::Added;
          ++report.added;
        } else {
          result.outcome = ImportRowResult::Outcome::Changed;
          ++report.changed;
        }
      }
      plan.operation = isNew ? Operation::Add : op == Operation::Set ? Operation::Change : op;
      report.rows.push_back(std::move(result));
      plans.push_back(std::move(plan));
    }

    if (writing && !(options.strict && report.failed > 0)) {
      std::vector<const AccessUser*> adds;
      std::vector<int64_t> deletes;
      int64_t addCount = 0;
      for (const auto& p : plans) addCount += p.operation == Operation::Add ? 1 : 0;
      int64_t nextId = addCount > 0 ? store.reserveIds(addCount) : 0;
      // Deletions first, then changes in file order, then additions: a card a row frees is
      // free before a later row takes it.
      for (const auto& p : plans)
        if (p.operation == Operation::Delete) {
          deletes.push_back(p.before.id);
          changedIds.push_back(p.before.id);
        }
      store.remove(deletes);
      for (auto& p : plans) {
        p.after.updated_at_ms = now;
        if (p.operation == Operation::Add) {
          p.after.id = nextId++;
          state.users[p.after.user_id].id = p.after.id;
          adds.push_back(&p.after);
          changedIds.push_back(p.after.id);
        } else if (p.operation == Operation::Change) {
          p.after.id = p.before.id;
          store.update(p.after);
          changedIds.push_back(p.after.id);
        }
      }
      store.insert(adds);
      BulkInserter history(s, context_.db, "user_setting_history",
                           {"at_ms", "actor", "action", "target_kind", "target_key", "before_json", "after_json"});
      for (const auto& p : plans) {
        const bool add = p.operation == Operation::Add, del = p.operation == Operation::Delete;
        const std::string before = add ? "" : AccessUserStore::snapshot(p.before);
        const std::string after = del ? "" : AccessUserStore::snapshot(p.after);
        history.beginRow();
        history.put(now);
        history.put(actor.name());
        history.put(add ? "import-add" : del ? "import-delete" : "import-change");
        history.put("access_user");
        history.put(add || !del ? p.after.user_id : p.before.user_id);
        history.putTextOrNull(before);
        history.putTextOrNull(after);
        history.endRow();
      }
      history.finish();
    }
    if (options.progress) options.progress(last - 1, total);
  }

  std::ostringstream summary;
  summary << (options.source.empty() ? std::string("access users") : options.source) << ": " << report.added
          << " added, " << report.changed << " changed, " << report.deleted << " deleted, " << report.failed
          << " failed";
  if (options.dry_run || (options.strict && report.failed > 0)) {
    // Nothing was written; the transaction rolls back when it goes out of scope.
    report.applied = false;
  } else {
    ChangeLog::recordSystem(s, now, actor, "access_users", "import", report.failed ? "partial" : "ok", summary.str());
    bumpUsersRevision(s);
    tx.commit();
    report.applied = true;
    if (!changedIds.empty())
      context_.publish("monban.users.changed", AccessUserStore::changedPayload("imported", changedIds));
  }
  return report;
}

int64_t UserCsvExport::run(const Actor& actor, std::ostream& out, TextEncoding encoding) {
  actor.require(Right::AccessUsers, AccessLevel::View);
  Database::Lease lease = context_.db.acquire();
  auto& s = lease.session();
  const Catalogue catalogue = Catalogue::load(s);
  AccessUserStore store(s, context_.db);
  std::vector<int64_t> ids;
  std::vector<SqlValue> params;
  const std::string scope = AccessUserStore::affiliationScopeCondition(actor, "affiliation_id", params);
  const std::string where = scope.empty() ? "" : " WHERE " + scope;
  querySql(s, "SELECT id FROM access_users" + where + " ORDER BY user_id", params, [&](const SqlRow& row) {
    ids.push_back(sqlInteger(row.values[0]));
    return true;
  });
  auto joinPermissions = [](const std::vector<Permission>& list) {
    std::string text;
    for (const auto& p : list) text += (text.empty() ? "" : ";") + p.target_code + ":" + std::to_string(p.level);
    return text;
  };
  std::ostringstream buffer;
  CsvWriter csv(buffer);
  csv.row(userCsvColumns());
  auto flush = [&] {
    const std::string text = buffer.str();
    if (encoding == TextEncoding::ShiftJis) {
      const std::string encoded = encodeShiftJis(text);
      out.write(encoded.data(), static_cast<std::streamsize>(encoded.size()));
    } else {
      out.write(text.data(), static_cast<std::streamsize>(text.size()));
    }
    buffer.str({});
  };
  for (std::size_t start = 0; start < ids.size(); start += 1000) {
    std::vector<int64_t> batch(ids.begin() + static_cast<std::ptrdiff_t>(start),
                               ids.begin() + static_cast<std::ptrdiff_t>(std::min(ids.size(), start + 1000)));
    for (auto& u : store.load(batch)) {
      hideOutOfScopePermissions(u, catalogue, actor);
      std::string cards;
      for (const auto& c : u.cards) cards += (cards.empty() ? "" : ";") + c;
      csv.row({"set", u.user_id, u.name, u.reading, u.affiliation_code, u.valid_from, u.valid_to, u.pin, cards,
               joinPermissions(u.gates), joinPermissions(u.gate_groups), u.free[0], u.free[1], u.free[2]});
    }
    flush();
  }
  flush();
  return static_cast<int64_t>(ids.size());
}

}  // namespace monban::host::domain
