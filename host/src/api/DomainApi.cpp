#include "monban/host/api/DomainApi.h"

#include <algorithm>
#include <sstream>
#include <streambuf>

#include <Poco/Base64Decoder.h>
#include <Poco/JSON/Array.h>

#include <monban/sdk/domain.h>

#include "monban/host/HostError.h"
#include "monban/host/api/CalendarJson.h"
#include "monban/host/api/DomainJson.h"
#include "monban/host/api/JsonRequest.h"
#include "monban/host/domain/AccessRights.h"
#include "monban/host/domain/DeviceReports.h"
#include "monban/host/domain/DomainError.h"
#include "monban/host/domain/HistoryQuery.h"
#include "monban/host/domain/JsonText.h"
#include "monban/host/domain/TextEncoding.h"

namespace monban::host::api {

using namespace monban::host::domain;

namespace {

void requireDevicePlugin(int64_t operatorId) {
  if (operatorId != 0)
    throw DomainError("forbidden", "device reports come from device plugins acting as themselves (operator 0)");
}

/// One event of history.append (docs/sdk-domain.md).
HistoryEvent deviceEventFrom(const JsonRequest& in) {
  HistoryEvent e;
  const auto kind = historyKindFromString(in.requiredText("kind"));
  if (!kind) throw DomainError("invalid", "kind must be access, alarm, gate_operation or gate_management");
  e.kind = *kind;
  e.occurred_at_ms = in.requiredInteger("occurred_at_ms");
  e.controller_id = in.integer("controller_id");
  e.event_seq = in.integer("event_seq");
  e.gate_id = in.integer("gate_id");
  e.user_ref = in.integer("user_ref");
  if (e.user_ref && *e.user_ref == 0) e.user_ref.reset();
  e.card_data = in.text("card_data");
  const std::string direction = in.text("direction", "none");
  e.direction = direction == "entry" ? Direction::Entry : direction == "exit" ? Direction::Exit : Direction::None;
  e.code = in.requiredText("code");
  e.detail = in.text("detail");
  return e;
}

/// Fills in user and group facts, then stores: history.append and append_events alike.
AppendResult appendDeviceEvents(Domain& domain, std::vector<HistoryEvent>& events) {
  {
    Database::Lease lease = domain.context().db.acquire();
    domain.deviceEventFacts().fill(lease, events);
  }
  return domain.history().append(events);
}

std::string appendResultJson(const AppendResult& r) {
  std::string committed;
  for (const auto& [controller, seq] : r.committed_seq)
    committed += (committed.empty() ? "\"" : ",\"") + std::to_string(controller) + "\":" + std::to_string(seq);
  return "{\"stored\":" + std::to_string(r.stored) + ",\"duplicates\":" + std::to_string(r.duplicates) +
         ",\"committed\":{" + committed + "}}";
}

std::string stringify(const Poco::JSON::Object& object) {
  std::ostringstream out;
  object.stringify(out);
  return out.str();
}

template <class T>
Poco::JSON::Object itemsJson(const std::vector<T>& items) {
  Poco::JSON::Array array;
  for (const T& item : items) array.add(toJson(item));
  Poco::JSON::Object o;
  o.set("items", array);
  return o;
}

template <class T>
Poco::JSON::Object pageJson(const Page<T>& page) {
  Poco::JSON::Object o = itemsJson(page.items);
  o.set("next_cursor", page.next_cursor);
  o.set("total", page.total);
  return o;
}

PageRequest pageFrom(const JsonRequest& in) {
  PageRequest page;
  page.limit = static_cast<int>(in.integer("limit").value_or(100));
  page.cursor = in.text("cursor");
  return page;
}

/// Sends file content to the sink in pieces, so an export of 300,000 users is never one string.
class ContentBuffer : public std::streambuf {
public:
  explicit ContentBuffer(const DomainApi::Sink& sink) : sink_(sink) { setp(buffer_, buffer_ + sizeof buffer_); }
  ~ContentBuffer() override { flushOut(); }
  int overflow(int ch) override {
    flushOut();
    if (ch != traits_type::eof()) {
      *pptr() = static_cast<char>(ch);
      pbump(1);
    }
    return ch == traits_type::eof() ? 0 : ch;
  }
  int sync() override {
    flushOut();
    return 0;
  }

private:
  void flushOut() {
    if (pptr() > pbase()) sink_(MONBAN_DOMAIN_REPLY_CONTENT, std::string_view(pbase(), pptr() - pbase()));
    setp(buffer_, buffer_ + sizeof buffer_);
  }
  const DomainApi::Sink& sink_;
  char buffer_[64 * 1024];
};

std::string decodeBase64(const std::string& text) {
  std::istringstream in(text);
  Poco::Base64Decoder decoder(in);
  std::string out((std::istreambuf_iterator<char>(decoder)), std::istreambuf_iterator<char>());
  if (decoder.bad()) throw DomainError("invalid", "field 'content_base64' is not valid base64");
  return out;
}

/// The file of an import: raw text in "content" or bytes (Shift_JIS) in "content_base64".
std::string importContent(const JsonRequest& in) {
  if (in.has("content_base64")) {
    try {
      return decodeBase64(in.text("content_base64"));
    } catch (const Poco::Exception&) {
      throw DomainError("invalid", "field 'content_base64' is not valid base64");
    }
  }
  if (in.has("content")) return in.text("content");
  throw DomainError("invalid", "field 'content' or 'content_base64' is required");
}

int32_t statusOf(const std::string& code) {
  if (code == "invalid" || code == "fixed_right") return MONBAN_ERR_INVALID_ARGUMENT;
  if (code == "not_found") return MONBAN_ERR_NOT_FOUND;
  return MONBAN_ERR_WRONG_STATE;
}

std::string errorJson(const std::string& code, const std::string& message, const std::vector<FieldProblem>& problems) {
  Poco::JSON::Object o;
  o.set("code", code);
  o.set("message", message);
  if (!problems.empty()) {
    Poco::JSON::Array list;
    for (const FieldProblem& p : problems) {
      Poco::JSON::Object item;
      item.set("field", p.field);
      item.set("value", p.value);
      item.set("reason", p.reason);
      list.add(item);
    }
    o.set("problems", list);
  }
  return stringify(o);
}

HistoryQuery historyQueryFrom(const JsonRequest& in) {
  HistoryQuery q;
  q.from_ms = in.integer("from_ms");
  q.to_ms = in.integer("to_ms");
  for (const std::string& kind : in.texts("kind")) {
    auto parsed = historyKindFromString(kind);
    if (!parsed) throw DomainError("invalid", "unknown history kind '" + kind + "'");
    q.kinds.push_back(*parsed);
  }
  q.management_group_ids = in.integers("management_group_id");
  q.gate_ids = in.integers("gate_id");
  q.affiliation_id = in.integer("affiliation_id");
  q.user_id = in.text("user_id");
  q.code = in.text("code");
  q.limit = static_cast<int>(in.integer("limit").value_or(100));
  q.cursor = in.text("cursor");
  return q;
}

LogQuery logQueryFrom(const JsonRequest& in) {
  LogQuery q;
  q.from_ms = in.integer("from_ms").value_or(0);
  q.to_ms = in.integer("to_ms").value_or(INT64_MAX);
  q.target_kind = in.text("target_kind");
  q.target_key = in.text("target_key");
  q.category = in.text("category");
  q.page = pageFrom(in);
  return q;
}

AccessUserQuery userQueryFrom(const JsonRequest& in) {
  AccessUserQuery q;
  q.text = in.text("text");
  q.affiliation_id = in.integer("affiliation_id").value_or(0);
  q.card = in.text("card");
  q.gate_id = in.integer("gate_id").value_or(0);
  const std::string sort = in.text("sort", "user_id");
  if (sort == "name")
    q.sort = AccessUserQuery::Sort::Name;
  else if (sort != "user_id")
    throw DomainError("invalid", "field 'sort' must be user_id or name");
  const std::string order = in.text("order", "asc");
  if (order != "asc" && order != "desc") throw DomainError("invalid", "field 'order' must be asc or desc");
  q.descending = order == "desc";
  q.page = pageFrom(in);
  return q;
}

}  // namespace

/// One call in progress: its input, its actor and where the answer goes.
struct DomainApi::Call {
  DomainApi& api;
  const std::string& caller;
  int64_t operator_id;
  JsonRequest in;
  const Sink& sink;
  std::optional<Actor> resolved;

  const Actor& actor() {
    if (!resolved) resolved = api.actorFor(caller, operator_id);
    return *resolved;
  }
  Domain& domain() { return api.domain_; }
  void reply(const Poco::JSON::Object& object) { sink(MONBAN_DOMAIN_REPLY_JSON, stringify(object)); }
  void reply(const std::string& json) { sink(MONBAN_DOMAIN_REPLY_JSON, json); }
  void done() { reply(Poco::JSON::Object()); }
  int64_t id() const { return in.requiredInteger("id"); }

  /// Runs `write` with a stream whose bytes reach the sink as CONTENT chunks.
  void streamContent(const std::function<void(std::ostream&)>& write) {
    ContentBuffer buffer(sink);
    std::ostream out(&buffer);
    write(out);
    out.flush();
  }
  /// Streams a CSV export and replies with the number of rows.
  template <class Export>
  void exportCsv(Export& exporter) {
    int64_t rows = 0;
    streamContent([&](std::ostream& out) {
      rows = exporter.run(actor(), out, textEncodingFromName(in.text("encoding", "utf-8")));
    });
    Poco::JSON::Object o;
    o.set("rows", rows);
    reply(o);
  }

  ImportOptions importOptions() {
    ImportOptions options;
    options.dry_run = in.boolean("dry_run");
    options.strict = in.boolean("strict");
    options.encoding = textEncodingFromName(in.text("encoding", "auto"));
    options.source = in.text("source", "upload");
    options.progress = [this](std::size_t doneRows, std::size_t totalRows) {
      Poco::JSON::Object o;
      o.set("done", static_cast<int64_t>(doneRows));
      o.set("total", static_cast<int64_t>(totalRows));
      sink(MONBAN_DOMAIN_REPLY_PROGRESS, stringify(o));
    };
    return options;
  }

  /// Fills the codes the domain resolves from the ids a client may send instead.
  void resolveReferences(AccessUser& user) {
    if (user.affiliation_code.empty() && user.affiliation_id != 0)
      user.affiliation_code = domain().affiliations().get(actor(), user.affiliation_id).code;
    for (Permission& p : user.gates)
      if (p.target_code.empty() && p.target_id != 0) p.target_code = domain().gates().gate(actor(), p.target_id).code;
    for (Permission& p : user.gate_groups)
      if (p.target_code.empty() && p.target_id != 0)
        p.target_code = domain().gates().gateGroup(actor(), p.target_id).code;
  }
};

DomainApi::DomainApi(Domain& domain, HostStatus hostStatus) : domain_(domain), host_status_(std::move(hostStatus)) {
  addMethods();
}

Actor DomainApi::actorFor(const std::string& caller, int64_t operatorId) {
  if (operatorId == 0) return Actor::system(caller);
  std::lock_guard lock(actors_mutex_);
  const uint64_t generation = domain_.context().actor_generation.load();
  if (generation != actors_generation_) {
    actors_.clear();
    actors_generation_ = generation;
  }
  if (auto it = actors_.find(operatorId); it != actors_.end()) return it->second;
  auto actor = domain_.operators().actorForId(operatorId);
  if (!actor) throw DomainError("unauthorized", "operator " + std::to_string(operatorId) + " is unknown or disabled");
  actors_.emplace(operatorId, *actor);
  return *actor;
}

std::vector<std::string> DomainApi::methods() const {
  std::vector<std::string> out;
  for (const auto& [name, handler] : methods_) out.push_back(name);
  return out;
}

int32_t DomainApi::call(const std::string& caller, const std::string& method, int64_t operatorId,
                        std::string_view request, const Sink& sink) {
  auto handler = methods_.find(method);
  if (handler == methods_.end()) {
    sink(MONBAN_DOMAIN_REPLY_JSON, errorJson("not_found", "no domain method '" + method + "'", {}));
    return MONBAN_ERR_NOT_FOUND;
  }
  std::optional<Call> call;
  try {
    call.emplace(Call{*this, caller, operatorId, JsonRequest::parse(std::string(request)), sink, std::nullopt});
    handler->second(*call);
    return MONBAN_OK;
  } catch (const DomainError& e) {
    // A refused action is an operator action too: it gets its one system-log record.
    if (e.code() == "forbidden" && call && call->resolved) {
      try {
        const std::string category = method.substr(0, method.find('.'));
        domain_.log().recordSystemNow(*call->resolved, category, method, "refused", e.what());
      } catch (const std::exception&) {
        // The refusal itself is what the caller must hear about.
      }
    }
    sink(MONBAN_DOMAIN_REPLY_JSON, errorJson(e.code(), e.what(), e.problems()));
    return statusOf(e.code());
  } catch (...) {
    return replyFailure(sink);
  }
}

int32_t DomainApi::replyFailure(const Sink& sink) {
  try {
    throw;
  } catch (const DomainError& e) {
    sink(MONBAN_DOMAIN_REPLY_JSON, errorJson(e.code(), e.what(), e.problems()));
    return statusOf(e.code());
  } catch (const DatabaseError& e) {
    sink(MONBAN_DOMAIN_REPLY_JSON, errorJson("database", e.what(), {}));
    return MONBAN_ERR_DATABASE;
  } catch (const std::exception& e) {
    sink(MONBAN_DOMAIN_REPLY_JSON, errorJson("internal", e.what(), {}));
    return MONBAN_ERR_INTERNAL;
  }
}

int32_t DomainApi::appendEvents(std::vector<HistoryEvent> events,
                                const std::function<void(int64_t, int64_t)>& committed, const Sink& sink) {
  try {
    const AppendResult result = appendDeviceEvents(domain_, events);
    for (const auto& [controller, seq] : result.committed_seq) committed(controller, seq);
    return MONBAN_OK;
  } catch (...) {
    return replyFailure(sink);
  }
}

void DomainApi::addMethods() {
  auto& m = methods_;

  // Host and operators' own session.
  m["host.status"] = [this](Call& c) { c.reply(host_status_ ? host_status_() : Poco::JSON::Object()); };
  m["operators.setup_status"] = [](Call& c) {
    Poco::JSON::Object o;
    o.set("setup_required", c.domain().operators().setupRequired());
    c.reply(o);
  };
  m["operators.bootstrap"] = [](Call& c) {
    if (c.operator_id != 0) throw DomainError("forbidden", "only the server itself creates the first administrator");
    c.reply(toJson(
        c.domain().operators().bootstrap(c.actor(), c.in.requiredText("login_id"), c.in.requiredText("password"))));
  };
  m["operators.authenticate"] = [](Call& c) {
    auto actor = c.domain().operators().authenticate(c.in.requiredText("login_id"), c.in.requiredText("password"));
    if (!actor) throw DomainError("unauthorized", "the login ID or the password is wrong");
    c.reply(toJson(*actor, c.domain().operators().get(*actor, actor->operatorId())));
  };
  m["operators.me"] = [](Call& c) {
    if (c.operator_id == 0) throw DomainError("invalid", "operators.me needs an operator");
    c.reply(toJson(c.actor(), c.domain().operators().get(c.actor(), c.operator_id)));
  };
  m["operators.change_own_password"] = [](Call& c) {
    c.domain().operators().changeOwnPassword(c.actor(), c.in.requiredText("current_password"),
                                             c.in.requiredText("new_password"));
    c.done();
  };
  m["audit.record"] = [](Call& c) {
    c.domain().log().recordSystemNow(c.actor(), c.in.requiredText("category"), c.in.requiredText("action"),
                                     c.in.text("outcome", "ok"), c.in.text("detail"));
    c.done();
  };

  // Operators and saved searches.
  m["operators.list"] = [](Call& c) { c.reply(itemsJson(c.domain().operators().list(c.actor()))); };
  m["operators.get"] = [](Call& c) { c.reply(toJson(c.domain().operators().get(c.actor(), c.id()))); };
  m["operators.create"] = [](Call& c) {
    c.reply(toJson(c.domain().operators().create(c.actor(), operatorFrom(c.in), c.in.text("password"))));
  };
  m["operators.update"] = [](Call& c) {
    Operator op = operatorFrom(c.in);
    op.id = c.id();
    c.reply(toJson(c.domain().operators().update(c.actor(), op)));
  };
  m["operators.delete"] = [](Call& c) {
    c.domain().operators().remove(c.actor(), c.id());
    c.done();
  };
  m["operators.set_password"] = [](Call& c) {
    c.domain().operators().setPassword(c.actor(), c.id(), c.in.text("password"));
    c.done();
  };
  m["saved_searches.list"] = [](Call& c) { c.reply(itemsJson(c.domain().operators().savedSearches(c.actor()))); };
  m["saved_searches.save"] = [](Call& c) {
    c.reply(toJson(c.domain().operators().saveSearch(c.actor(), c.in.requiredText("name"), c.in.text("conditions"))));
  };
  m["saved_searches.delete"] = [](Call& c) {
    c.domain().operators().removeSearch(c.actor(), c.id());
    c.done();
  };

  // Management groups, gates, gate groups.
  m["management_groups.list"] = [](Call& c) { c.reply(itemsJson(c.domain().gates().listManagementGroups(c.actor()))); };
  m["management_groups.get"] = [](Call& c) { c.reply(toJson(c.domain().gates().managementGroup(c.actor(), c.id()))); };
  m["management_groups.create"] = [](Call& c) {
    c.reply(toJson(c.domain().gates().createManagementGroup(c.actor(), managementGroupFrom(c.in))));
  };
  m["management_groups.update"] = [](Call& c) {
    c.reply(toJson(c.domain().gates().updateManagementGroup(c.actor(), managementGroupFrom(c.in))));
  };
  m["management_groups.delete"] = [](Call& c) {
    c.domain().gates().deleteManagementGroup(c.actor(), c.id());
    c.done();
  };
  m["gates.list"] = [](Call& c) {
    GateQuery q;
    q.management_group_id = c.in.integer("management_group_id");
    q.text = c.in.text("text");
    q.page = pageFrom(c.in);
    c.reply(pageJson(c.domain().gates().listGates(c.actor(), q)));
  };
  m["gates.get"] = [](Call& c) { c.reply(toJson(c.domain().gates().gate(c.actor(), c.id()))); };
  m["gates.create"] = [](Call& c) { c.reply(toJson(c.domain().gates().createGate(c.actor(), gateFrom(c.in)))); };
  m["gates.update"] = [](Call& c) { c.reply(toJson(c.domain().gates().updateGate(c.actor(), gateFrom(c.in)))); };
  m["gates.delete"] = [](Call& c) {
    c.domain().gates().deleteGate(c.actor(), c.id());
    c.done();
  };
  m["gate_groups.list"] = [](Call& c) { c.reply(itemsJson(c.domain().gates().listGateGroups(c.actor()))); };
  m["gate_groups.get"] = [](Call& c) { c.reply(toJson(c.domain().gates().gateGroup(c.actor(), c.id()))); };
  m["gate_groups.create"] = [](Call& c) {
    c.reply(toJson(c.domain().gates().createGateGroup(c.actor(), gateGroupFrom(c.in))));
  };
  m["gate_groups.update"] = [](Call& c) {
    c.reply(toJson(c.domain().gates().updateGateGroup(c.actor(), gateGroupFrom(c.in))));
  };
  m["gate_groups.delete"] = [](Call& c) {
    c.domain().gates().deleteGateGroup(c.actor(), c.id());
    c.done();
  };

  // Affiliations.
  m["affiliations.tree"] = [](Call& c) { c.reply(itemsJson(c.domain().affiliations().tree(c.actor()))); };
  m["affiliations.get"] = [](Call& c) { c.reply(toJson(c.domain().affiliations().get(c.actor(), c.id()))); };
  m["affiliations.create"] = [](Call& c) {
    c.reply(toJson(
        c.domain().affiliations().create(c.actor(), c.in.text("code"), c.in.text("name"), c.in.integer("parent_id"))));
  };
  m["affiliations.update"] = [](Call& c) {
    // Rename and move are separate domain rules; one PUT may do either or both.
    AffiliationService& service = c.domain().affiliations();
    Affiliation current = service.get(c.actor(), c.id());
    const std::string code = c.in.text("code", current.code);
    const std::string name = c.in.text("name", current.name);
    if (code != current.code || name != current.name) current = service.rename(c.actor(), current.id, code, name);
    if (c.in.raw().has("parent_id")) {
      const std::optional<int64_t> parent = c.in.integer("parent_id");
      if (parent != current.parent_id) current = service.move(c.actor(), current.id, parent);
    }
    c.reply(toJson(current));
  };
  m["affiliations.delete"] = [](Call& c) {
    c.domain().affiliations().remove(c.actor(), c.id(), c.in.boolean("with_subtree"));
    c.done();
  };
  m["affiliations.import"] = [](Call& c) {
    const std::string content = importContent(c.in);
    c.reply(toJson(c.domain().affiliationImport().run(c.actor(), content, c.importOptions())));
  };
  m["affiliations.export"] = [](Call& c) { c.exportCsv(c.domain().affiliationExport()); };

  // Access users.
  m["users.search"] = [](Call& c) {
    c.reply(c.domain().users().searchRendered(c.actor(), userQueryFrom(c.in), [](const Page<AccessUser>& page) {
      std::string json = "{\"items\":[";
      json.reserve(256 * (page.items.size() + 1));  // about what a user with a card takes
      for (std::size_t i = 0; i < page.items.size(); ++i) {
        if (i) json += ',';
        appendAccessUserJson(json, page.items[i]);
      }
      json += "],\"next_cursor\":";
      appendJsonString(json, page.next_cursor);
      return json + ",\"total\":" + std::to_string(page.total) + "}";
    }));
  };
  m["users.get"] = [](Call& c) { c.reply(accessUserJson(c.domain().users().get(c.actor(), c.id()))); };
  m["users.create"] = [](Call& c) {
    AccessUser user = accessUserFrom(c.in);
    c.resolveReferences(user);
    c.reply(accessUserJson(c.domain().users().create(c.actor(), user)));
  };
  m["users.update"] = [](Call& c) {
    AccessUser user = accessUserFrom(c.in);
    user.id = c.id();
    c.resolveReferences(user);
    c.reply(accessUserJson(c.domain().users().update(c.actor(), user)));
  };
  m["users.delete"] = [](Call& c) {
    c.domain().users().remove(c.actor(), c.id());
    c.done();
  };
  m["users.delete_matching"] = [](Call& c) {
    c.actor().require(Right::AccessUsers, AccessLevel::Edit);  // before judging the filters
    const AccessUserQuery q = userQueryFrom(c.in);
    if (q.text.empty() && q.affiliation_id == 0 && q.card.empty() && q.gate_id == 0)
      throw DomainError("invalid", "a bulk delete needs at least one filter (text, affiliation_id, card, gate_id)");
    Poco::JSON::Object o;
    o.set("deleted", c.domain().users().removeMatching(c.actor(), q));
    c.reply(o);
  };
  m["users.import"] = [](Call& c) {
    const std::string content = importContent(c.in);
    c.reply(toJson(c.domain().userImport().run(c.actor(), content, c.importOptions())));
  };
  m["users.export"] = [](Call& c) { c.exportCsv(c.domain().userExport()); };

  // History and logs.
  m["history.search"] = [](Call& c) {
    HistoryPage page = c.domain().history().query(c.actor(), historyQueryFrom(c.in));
    Poco::JSON::Object o = itemsJson(page.records);
    o.set("next_cursor", page.next_cursor);
    c.reply(o);
  };
  m["history.export"] = [](Call& c) {
    const HistoryQuery query = historyQueryFrom(c.in);
    c.streamContent([&](std::ostream& out) { c.domain().history().exportCsv(c.actor(), query, out); });
    c.done();
  };
  m["system_log.search"] = [](Call& c) {
    c.reply(pageJson(c.domain().log().systemLog(c.actor(), logQueryFrom(c.in))));
  };
  m["user_setting_history.search"] = [](Call& c) {
    c.reply(pageJson(c.domain().log().userSettingHistory(c.actor(), logQueryFrom(c.in))));
  };
  // Retention (SPEC section 3); the daily purge job calls it as the plugin itself.
  m["history.purge"] = [](Call& c) {
    c.actor().require(Right::SystemManagement, AccessLevel::Edit);
    const PurgeResult purged = c.domain().history().purge(c.domain().context().clock.nowMs());
    Poco::JSON::Object o;
    o.set("history_events", purged.history_events);
    o.set("system_log", purged.system_log);
    c.reply(o);
  };
  // Device reports: only device plugins, acting as themselves (operator 0), send them.
  m["history.append"] = [](Call& c) {
    requireDevicePlugin(c.operator_id);
    std::vector<HistoryEvent> events;
    for (const JsonRequest& e : c.in.objects("events")) events.push_back(deviceEventFrom(e));
    c.reply(appendResultJson(appendDeviceEvents(c.domain(), events)));
  };
  m["history.append_gap"] = [](Call& c) {
    requireDevicePlugin(c.operator_id);
    const int64_t first = c.in.requiredInteger("first_seq");
    const int64_t last = c.in.requiredInteger("last_seq");
    if (first <= 0 || last < first) throw DomainError("invalid", "first_seq and last_seq must be 1 <= first <= last");
    c.reply(appendResultJson(
        c.domain().history().appendGap(c.in.requiredInteger("controller_id"), first, last, c.in.integer("gate_id"))));
  };
  m["history.last_seq"] = [](Call& c) {
    requireDevicePlugin(c.operator_id);
    Database::Lease lease = c.domain().context().db.acquire();
    const auto seq = lastCommittedSeq(lease.session(), c.in.requiredInteger("controller_id"));
    c.reply(seq ? "{\"seq\":" + std::to_string(*seq) + "}" : std::string("{\"seq\":null}"));
  };
  m["gates.report_state"] = [](Call& c) {
    requireDevicePlugin(c.operator_id);
    GateStateReport report;
    report.gate_id = c.id();
    report.lock_state = c.in.text("lock_state");
    report.guard_state = c.in.text("guard_state");
    if (!report.lock_state.empty() && report.lock_state != "locked" && report.lock_state != "unlocked")
      throw DomainError("invalid", "lock_state must be locked or unlocked");
    if (!report.guard_state.empty() && report.guard_state != "armed" && report.guard_state != "disarmed")
      throw DomainError("invalid", "guard_state must be armed or disarmed");
    report.extra_json = c.in.text("extra_json");
    if (!reportGateState(c.domain().context(), report))
      throw DomainError("not_found", "gate " + std::to_string(report.gate_id) + " does not exist");
    c.done();
  };
  // Counters a job compares with what it last handled ("transfer only when changed").
  m["host.revisions"] = [](Call& c) {
    Poco::JSON::Object o;
    {
      Database::Lease lease = c.domain().context().db.acquire();
      o.set("users", usersRevision(lease.session()));
    }
    o.set("calendars", c.domain().calendars().revision());
    c.reply(o);
  };
  addCalendarMethods();
}

void DomainApi::addCalendarMethods() {
  auto& m = methods_;
  m["date_kinds.list"] = [](Call& c) { c.reply(itemsJson(c.domain().calendars().listDateKinds(c.actor()))); };
  m["date_kinds.create"] = [](Call& c) {
    c.reply(toJson(c.domain().calendars().createDateKind(c.actor(), dateKindFrom(c.in))));
  };
  m["date_kinds.update"] = [](Call& c) {
    c.reply(toJson(c.domain().calendars().updateDateKind(c.actor(), dateKindFrom(c.in))));
  };
  m["date_kinds.delete"] = [](Call& c) {
    c.domain().calendars().deleteDateKind(c.actor(), c.id());
    c.done();
  };
  m["annual_days.list"] = [](Call& c) { c.reply(itemsJson(c.domain().calendars().annualDays(c.actor()))); };
  m["annual_days.replace"] = [](Call& c) {
    c.actor().require(Right::CalendarsSchedules, AccessLevel::Edit);  // before reading the input
    std::vector<AnnualDay> days;
    for (const JsonRequest& item : c.in.objects("items")) days.push_back(annualDayFrom(item));
    c.reply(itemsJson(c.domain().calendars().replaceAnnualDays(c.actor(), days)));
  };
  m["calendars.list"] = [](Call& c) { c.reply(itemsJson(c.domain().calendars().listCalendars(c.actor()))); };
  m["calendars.get"] = [](Call& c) {
    c.actor().require(Right::CalendarsSchedules, AccessLevel::View);
    std::optional<access::CivilDate> from;
    std::optional<access::CivilDate> to;
    if (!c.in.text("from").empty()) from = dateField(c.in, "from");
    if (!c.in.text("to").empty()) to = dateField(c.in, "to");
    c.reply(toJson(c.domain().calendars().calendar(c.actor(), c.id(), from, to)));
  };
  m["calendars.create"] = [](Call& c) {
    c.actor().require(Right::CalendarsSchedules, AccessLevel::Edit);
    c.reply(toJson(c.domain().calendars().createCalendar(c.actor(), c.in.requiredInteger("management_group_id"),
                                                         c.in.text("name"))));
  };
  m["calendars.update"] = [](Call& c) {
    c.actor().require(Right::CalendarsSchedules, AccessLevel::Edit);  // before reading the input
    c.reply(toJson(c.domain().calendars().updateCalendar(c.actor(), calendarChangeFrom(c.in))));
  };
  m["calendars.copy_template"] = [](Call& c) {
    c.reply(toJson(c.domain().calendars().copyTemplate(c.actor(), c.id())));
  };
  m["calendars.delete"] = [](Call& c) {
    c.domain().calendars().deleteCalendar(c.actor(), c.id());
    c.done();
  };
  m["calendars.import_ical"] = [](Call& c) {
    c.actor().require(Right::CalendarsSchedules, AccessLevel::Edit);  // before reading the input
    const CalendarImportResult result = c.domain().calendars().importICalendar(
        c.actor(), c.id(), c.in.requiredText("content"), c.in.integer("date_kind_id"));
    Poco::JSON::Object o = toJson(result);
    o.set("calendar", toJson(c.domain().calendars().calendar(c.actor(), c.id()).calendar));
    c.reply(o);
  };
  m["calendars.export_ical"] = [](Call& c) {
    const std::string text = c.domain().calendars().exportICalendar(c.actor(), c.id());
    c.streamContent([&](std::ostream& out) { out << text; });
    c.done();
  };
  m["schedules.list"] = [](Call& c) { c.reply(itemsJson(c.domain().calendars().listSchedules(c.actor()))); };
  m["schedules.get"] = [](Call& c) { c.reply(toJson(c.domain().calendars().schedule(c.actor(), c.id()))); };
  m["schedules.create"] = [](Call& c) {
    c.actor().require(Right::CalendarsSchedules, AccessLevel::Edit);  // before reading the input
    c.reply(toJson(c.domain().calendars().createSchedule(c.actor(), scheduleFrom(c.in))));
  };
  m["schedules.update"] = [](Call& c) {
    c.actor().require(Right::CalendarsSchedules, AccessLevel::Edit);  // before reading the input
    c.reply(toJson(c.domain().calendars().updateSchedule(c.actor(), scheduleFrom(c.in))));
  };
  m["schedules.delete"] = [](Call& c) {
    c.domain().calendars().deleteSchedule(c.actor(), c.id());
    c.done();
  };
  m["gates.mode_at"] = [](Call& c) {
    if (!c.actor().rights().allows(Right::CalendarsSchedules, AccessLevel::View))
      c.actor().require(Right::Gates, AccessLevel::View);
    int64_t at = c.domain().context().clock.nowMs();
    if (const std::string text = c.in.text("at"); !text.empty()) {
      const std::optional<int64_t> parsed = access::parseLocalDateTime(text);
      if (!parsed)
        throw DomainError("invalid", "field 'at' '" + text + "' is not a local date and time YYYY-MM-DDTHH:MM[:SS]",
                          {{"at", text, "is not a local date and time YYYY-MM-DDTHH:MM[:SS]"}});
      at = *parsed;
    }
    c.reply(toJson(c.domain().calendars().modeAt(c.actor(), c.id(), at)));
  };
}

}  // namespace monban::host::api
