#include "GateRoutes.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/URI.h>

#include <chrono>
#include <set>

#include <monban/sdk/domain.hpp>

#include "RouteReplies.h"

#include "GateDriver.h"
#include "GateParameterExport.h"
#include "ParameterComparison.h"

namespace monban::gate {

namespace {

using monban::plugin::jsonText;
using monban::plugin::respondError;
using monban::plugin::respondJson;

/// A bad request: the message names what is wrong.
struct BadRequest : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::string pathParam(const monban_http_request* request, const char* name) {
  Poco::JSON::Parser parser;
  return parser.parse(request->path_params).extract<Poco::JSON::Object::Ptr>()->getValue<std::string>(name);
}

int64_t gateId(const monban_http_request* request) {
  const std::string id = pathParam(request, "id");
  try {
    return std::stoll(id);
  } catch (const std::exception&) {
    throw BadRequest("gate id \"" + id + "\" is not a number");
  }
}

Poco::JSON::Object::Ptr body(const monban_http_request* request) {
  if (request->body_size == 0) return new Poco::JSON::Object;
  try {
    Poco::JSON::Parser parser;
    return parser.parse(std::string(request->body, request->body_size)).extract<Poco::JSON::Object::Ptr>();
  } catch (const std::exception& e) {
    throw BadRequest(std::string("the body is not a JSON object: ") + e.what());
  }
}

std::string queryValue(const std::string& query, const std::string& key) {
  Poco::URI uri("/?" + query);
  for (const auto& [name, value] : uri.getQueryParameters())
    if (name == key) return value;
  return {};
}

/// Gates the operator may see: the domain applies the operator's management-group scope.
std::set<int64_t> visibleGates(const GateRoutesContext& c, int64_t operatorId) {
  std::set<int64_t> out;
  std::string cursor;
  Poco::JSON::Parser parser;
  for (int page = 0; page < 100; ++page) {
    Poco::JSON::Object request;
    request.set("limit", 500);
    if (!cursor.empty()) request.set("cursor", cursor);
    const auto reply =
        parser.parse(monban::sdk::callDomain(*c.domain, c.plugin, "gates.list", operatorId, jsonText(request)))
            .extract<Poco::JSON::Object::Ptr>();
    const auto items = reply->getArray("items");
    for (unsigned i = 0; i < items->size(); ++i) out.insert(items->getObject(i)->getValue<int64_t>("id"));
    cursor =
        reply->has("next_cursor") && !reply->isNull("next_cursor") ? reply->getValue<std::string>("next_cursor") : "";
    if (cursor.empty()) break;
  }
  return out;
}

void requireVisible(const GateRoutesContext& c, const monban_http_request* request, int64_t gate) {
  Poco::JSON::Object o;
  o.set("id", gate);
  monban::sdk::callDomain(*c.domain, c.plugin, "gates.get", request->operator_id, jsonText(o));
}

void audit(const GateRoutesContext& c, const monban_http_request* request, const std::string& action, bool ok,
           const std::string& detail) {
  Poco::JSON::Object o;
  o.set("category", std::string("gates"));
  o.set("action", action);
  o.set("outcome", std::string(ok ? "ok" : "failed"));
  o.set("detail", detail.substr(0, 900));
  try {
    monban::sdk::callDomain(*c.domain, c.plugin, "audit.record", request->operator_id, jsonText(o));
  } catch (const std::exception&) {
    // The outcome is in the answer; the system log is best effort when the database is down.
  }
}

int64_t steadyMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

/// The outcomes of one operation over controllers, and how long it took (`since`: steadyMs()).
std::string outcomesJson(const std::vector<ControllerOutcome>& outcomes, bool& allOk, int64_t since) {
  Poco::JSON::Array items;
  allOk = true;
  for (const auto& o : outcomes) {
    Poco::JSON::Object item;
    item.set("gate_id", o.gate_id);
    item.set("ok", o.ok);
    item.set("message", o.message);
    items.add(item);
    allOk = allOk && o.ok;
  }
  Poco::JSON::Object root;
  root.set("items", items);
  root.set("elapsed_ms", steadyMs() - since);
  return jsonText(root);
}

std::set<int64_t> gateList(const Poco::JSON::Object::Ptr& in) {
  std::set<int64_t> out;
  if (!in->has("gates")) return out;
  const auto list = in->getArray("gates");
  if (!list) throw BadRequest("gates must be an array of gate ids");
  for (unsigned i = 0; i < list->size(); ++i) out.insert(list->getElement<int64_t>(static_cast<unsigned>(i)));
  return out;
}

/// The gates a request names in "gates" (every gate of the operator's when it names none and
/// `emptyMeansAll`), each checked to lie in the operator's scope.
std::set<int64_t> requestedGates(GateRoutesContext& c, const monban_http_request* req,
                                 const Poco::JSON::Object::Ptr& in, bool emptyMeansAll = true) {
  auto gates = gateList(in);
  const auto visible = visibleGates(c, req->operator_id);
  if (gates.empty() && emptyMeansAll) return visible;
  for (int64_t g : gates)
    if (visible.count(g) == 0) throw BadRequest("gate " + std::to_string(g) + " is not one of yours");
  return gates;
}

/// Runs an operation over `gates` (none: an empty list, nothing run) and answers each
/// controller's outcome; a non-empty `action` goes to the system log with the count.
template <class Run>
void answerOutcomes(GateRoutesContext& c, const monban_http_request* req, monban_http_response* res,
                    const std::set<int64_t>& gates, const std::string& action, Run run) {
  bool allOk = true;
  const int64_t since = steadyMs();
  const std::string reply = gates.empty() ? std::string("{\"items\":[]}") : outcomesJson(run(gates), allOk, since);
  if (!action.empty()) audit(c, req, action, allOk, std::to_string(gates.size()) + " controllers");
  respondJson(*c.http, res, 200, reply);
}

template <class Handler>
monban_status guarded(void* user, const monban_http_request* request, monban_http_response* response, Handler handler) {
  auto& c = *static_cast<GateRoutesContext*>(user);
  try {
    handler(c, request, response);
  } catch (const BadRequest& e) {
    respondError(*c.http, response, 400, "invalid", e.what());
  } catch (const monban::sdk::DomainCallError& e) {
    Poco::JSON::Parser parser;
    std::string code = "internal", message = e.what();
    try {
      const auto error = parser.parse(e.what()).extract<Poco::JSON::Object::Ptr>();
      code = error->getValue<std::string>("code");
      message = error->getValue<std::string>("message");
    } catch (const std::exception&) {
    }
    respondError(*c.http, response, code == "forbidden" ? 403 : code == "not_found" ? 404 : 400, code, message);
  } catch (const std::exception& e) {
    respondError(*c.http, response, 500, "internal", e.what());
  }
  return MONBAN_OK;
}

monban_status listControllers(void* user, const monban_http_request* request, monban_http_response* response) {
  return guarded(user, request, response,
                 [](GateRoutesContext& c, const monban_http_request* req, monban_http_response* res) {
                   const auto visible = visibleGates(c, req->operator_id);
                   Poco::JSON::Parser parser;
                   const auto all = parser.parse(c.driver->stateJson(std::nullopt)).extract<Poco::JSON::Object::Ptr>();
                   Poco::JSON::Array items;
                   const auto list = all->getArray("items");
                   for (unsigned i = 0; i < list->size(); ++i)
                     if (visible.count(list->getObject(i)->getValue<int64_t>("gate_id")) != 0)
                       items.add(list->getObject(i));
                   Poco::JSON::Object root;
                   root.set("items", items);
                   root.set("link", parser.parse(c.driver->countersJson()));
                   respondJson(*c.http, res, 200, jsonText(root));
                 });
}

monban_status gateController(void* user, const monban_http_request* request, monban_http_response* response) {
  return guarded(user, request, response,
                 [](GateRoutesContext& c, const monban_http_request* req, monban_http_response* res) {
                   const int64_t gate = gateId(req);
                   requireVisible(c, req, gate);
                   Poco::JSON::Parser parser;
                   const auto items =
                       parser.parse(c.driver->stateJson(gate)).extract<Poco::JSON::Object::Ptr>()->getArray("items");
                   if (items->size() == 0) {
                     respondError(*c.http, res, 404, "not_found",
                                  "gate " + std::to_string(gate) + " has no controller the driver knows");
                     return;
                   }
                   respondJson(*c.http, res, 200, jsonText(*items->getObject(0)));
                 });
}

monban_status gateCommand(void* user, const monban_http_request* request, monban_http_response* response) {
  return guarded(
      user, request, response, [](GateRoutesContext& c, const monban_http_request* req, monban_http_response* res) {
        const int64_t gate = gateId(req);
        requireVisible(c, req, gate);
        const auto in = body(req);
        const std::string name = in->optValue<std::string>("command", "");
        const std::string value = in->optValue<std::string>("value", "");
        static const std::map<std::string, CommandKind> kinds = {
            {"lock", CommandKind::Lock},
            {"unlock", CommandKind::Unlock},
            {"arm", CommandKind::Arm},
            {"disarm", CommandKind::Disarm},
            {"verification_mode", CommandKind::SetVerificationMode},
            {"unlock_mode", CommandKind::SetUnlockMode}};
        const auto kind = kinds.find(name);
        if (kind == kinds.end())
          throw BadRequest("command must be lock, unlock, arm, disarm, verification_mode or unlock_mode");
        if ((kind->second == CommandKind::SetVerificationMode || kind->second == CommandKind::SetUnlockMode) &&
            value.empty())
          throw BadRequest(name + " needs a value");
        const ControllerOutcome out = c.driver->command(gate, kind->second, value);
        audit(c, req, "command " + name, out.ok, "gate " + std::to_string(gate) + ": " + out.message);
        Poco::JSON::Object root;
        root.set("gate_id", gate);
        root.set("ok", out.ok);
        root.set("message", out.message);
        respondJson(*c.http, res, out.ok ? 200 : 409, jsonText(root));
      });
}

monban_status transfer(void* user, const monban_http_request* request, monban_http_response* response) {
  return guarded(
      user, request, response, [](GateRoutesContext& c, const monban_http_request* req, monban_http_response* res) {
        const auto in = body(req);
        std::set<TableId> tables;
        if (in->has("tables")) {
          static const std::map<std::string, TableId> names = {{"permissions", TableId::Permissions},
                                                               {"calendar", TableId::Calendar},
                                                               {"schedule", TableId::Schedule},
                                                               {"gate_parameters", TableId::GateParameters},
                                                               {"card_parameters", TableId::CardParameters}};
          const auto list = in->getArray("tables");
          for (unsigned i = 0; list && i < list->size(); ++i) {
            const auto found = names.find(list->getElement<std::string>(static_cast<unsigned>(i)));
            if (found == names.end())
              throw BadRequest("tables: each is permissions, calendar, schedule, gate_parameters or card_parameters");
            tables.insert(found->second);
          }
        }
        const auto gates = requestedGates(c, req, in);
        answerOutcomes(c, req, res, gates, "transfer", [&](const std::set<int64_t>& run) {
          return c.driver->transfer(run, tables, in->optValue<bool>("only_changed", false));
        });
      });
}

/// Global anti-passback transfer: each controller of an area gets where the area's users are.
monban_status sendPlaces(void* user, const monban_http_request* request, monban_http_response* response) {
  return guarded(user, request, response, [](GateRoutesContext& c, auto* req, auto* res) {
    answerOutcomes(c, req, res, requestedGates(c, req, body(req)), "anti-passback places transfer",
                   [&](const std::set<int64_t>& run) { return c.driver->sendPlaces(run); });
  });
}

monban_status verify(void* user, const monban_http_request* request, monban_http_response* response) {
  return guarded(user, request, response,
                 [](GateRoutesContext& c, const monban_http_request* req, monban_http_response* res) {
                   const auto in = body(req);
                   const auto gates = requestedGates(c, req, in);
                   const bool repair = in->optValue<bool>("repair", false);
                   answerOutcomes(c, req, res, gates, repair ? "verify and repair" : "verify",
                                  [&](const std::set<int64_t>& run) { return c.driver->verify(run, repair); });
                 });
}

monban_status explain(void* user, const monban_http_request* request, monban_http_response* response) {
  return guarded(
      user, request, response, [](GateRoutesContext& c, const monban_http_request* req, monban_http_response* res) {
        const int64_t gate = gateId(req);
        requireVisible(c, req, gate);
        const std::string card = queryValue(req->query, "card");
        if (card.empty() || card.size() > 16) throw BadRequest("card: give the card data, 1-16 characters");
        const std::string at = queryValue(req->query, "at");
        int64_t atMs = 0;
        if (at.empty()) {
          atMs =
              std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
                  .count();
        } else {
          const auto parsed = access::parseLocalDateTime(at);
          if (!parsed) throw BadRequest("at: \"" + at + "\" is not YYYY-MM-DDTHH:MM[:SS] local time");
          atMs = *parsed;
        }
        const std::string reader = queryValue(req->query, "reader");
        if (!reader.empty() && reader != "entry" && reader != "exit") throw BadRequest("reader must be entry or exit");
        respondJson(*c.http, res, 200,
                    c.driver->explain(gate, card, queryValue(req->query, "pin"),
                                      reader == "exit" ? access::Reader::Exit : access::Reader::Entry, atMs));
      });
}

/// One parameter table read from the gate's controller, field by field beside what the database
/// gives that controller (`expected` picks the table from CompiledTables). A controller that
/// cannot be read gives 409 with why, and nullopt.
template <class Value>
std::optional<std::vector<ParameterField>> compareWithController(
    GateRoutesContext& c, monban_http_response* res, int64_t gate, TableId table,
    Value (*decode)(std::span<const uint8_t>), std::vector<ParameterField> (*fields)(const Value&, const Value&),
    Value CompiledTables::*expected) {
  std::optional<Value> held;
  try {
    held = decode(c.driver->readTable(gate, table));
  } catch (const std::exception& e) {
    respondError(*c.http, res, 409, "controller",
                 "gate " + std::to_string(gate) + ": the " + toString(table) + " could not be read: " + e.what());
    return std::nullopt;
  }
  return fields(*held, c.driver->expectedTables(gate).*expected);
}

/// Answers one parameter table of the gate's controller compared with the database.
template <class Value>
monban_status readParameters(void* user, const monban_http_request* request, monban_http_response* response,
                             TableId table, Value (*decode)(std::span<const uint8_t>),
                             std::vector<ParameterField> (*fields)(const Value&, const Value&),
                             Value CompiledTables::*expected, const char* name) {
  return guarded(user, request, response,
                 [&](GateRoutesContext& c, const monban_http_request* req, monban_http_response* res) {
                   const int64_t gate = gateId(req);
                   requireVisible(c, req, gate);
                   const auto compared = compareWithController(c, res, gate, table, decode, fields, expected);
                   if (compared) respondJson(*c.http, res, 200, parameterComparisonJson(gate, name, *compared));
                 });
}

monban_status readGateParameters(void* user, const monban_http_request* request, monban_http_response* response) {
  return readParameters(user, request, response, TableId::GateParameters, &decodeGateParameters, &gateParameterFields,
                        &CompiledTables::gate, "gate_parameters");
}

monban_status readCardParameters(void* user, const monban_http_request* request, monban_http_response* response) {
  return readParameters(user, request, response, TableId::CardParameters, &decodeCardParameters, &cardParameterFields,
                        &CompiledTables::card, "card_parameters");
}

/// Controller → server: the gate settings the controller holds become the gate's record. The
/// change then goes back out as usual, so the controller's table ends up with the same digest.
monban_status adoptGateParameters(void* user, const monban_http_request* request, monban_http_response* response) {
  return guarded(
      user, request, response, [](GateRoutesContext& c, const monban_http_request* req, monban_http_response* res) {
        const int64_t gate = gateId(req);
        requireVisible(c, req, gate);
        const auto fields = compareWithController(c, res, gate, TableId::GateParameters, &decodeGateParameters,
                                                  &gateParameterFields, &CompiledTables::gate);
        if (!fields) return;
        Poco::JSON::Object get;
        get.set("id", gate);
        Poco::JSON::Parser parser;
        Poco::JSON::Object::Ptr record =
            parser.parse(monban::sdk::callDomain(*c.domain, c.plugin, "gates.get", req->operator_id, jsonText(get)))
                .extract<Poco::JSON::Object::Ptr>();
        Poco::JSON::Array adopted;
        Poco::JSON::Array notAdopted;
        for (const ParameterField& f : *fields) {
          if (!f.differs()) continue;
          if (!f.kept_in.empty()) {
            notAdopted.add(parameterFieldJson(f));
            continue;
          }
          record->set(f.name, f.controller);
          adopted.add(f.name);
        }
        // The domain checks the values as for any edit: a value it refuses changes nothing.
        if (adopted.size() > 0)
          monban::sdk::callDomain(*c.domain, c.plugin, "gates.update", req->operator_id, jsonText(*record));
        std::string names;
        for (unsigned i = 0; i < adopted.size(); ++i) names += (i ? ", " : "") + adopted.getElement<std::string>(i);
        audit(c, req, "adopt gate parameters", true,
              "gate " + std::to_string(gate) + ": " + (names.empty() ? "already the same" : names));
        Poco::JSON::Object root;
        root.set("gate_id", gate);
        root.set("adopted", adopted);
        root.set("not_adopted", notAdopted);
        respondJson(*c.http, res, 200, jsonText(root));
      });
}

monban_status pollNow(void* user, const monban_http_request* request, monban_http_response* response) {
  return guarded(user, request, response,
                 [](GateRoutesContext& c, const monban_http_request* req, monban_http_response* res) {
                   answerOutcomes(c, req, res, requestedGates(c, req, body(req)), "",
                                  [&](const std::set<int64_t>& run) { return c.driver->pollNow(run); });
                 });
}

monban_status timeSync(void* user, const monban_http_request* request, monban_http_response* response) {
  return guarded(user, request, response,
                 [](GateRoutesContext& c, const monban_http_request* req, monban_http_response* res) {
                   bool allOk = true;
                   const int64_t since = steadyMs();
                   const std::string reply = outcomesJson(c.driver->timeSync(), allOk, since);
                   audit(c, req, "time sync", allOk, "all controllers");
                   respondJson(*c.http, res, 200, reply);
                 });
}

monban_status changeKey(void* user, const monban_http_request* request, monban_http_response* response) {
  return guarded(
      user, request, response, [](GateRoutesContext& c, const monban_http_request* req, monban_http_response* res) {
        const auto in = body(req);
        const std::string password = in->optValue<std::string>("password", "");
        const int64_t since = steadyMs();
        std::vector<ControllerOutcome> outcomes;
        try {
          outcomes = c.driver->changeKey(password);
        } catch (const std::invalid_argument& e) {
          throw BadRequest(std::string("password: ") + e.what());
        }
        bool allOk = true;
        const std::string reply = outcomesJson(outcomes, allOk, since);
        audit(c, req, "mutual-authentication password change", allOk, std::to_string(outcomes.size()) + " controllers");
        respondJson(*c.http, res, 200, reply);
      });
}

/// {"gate_id", "own": anti-passback of the gate alone, "area": {"code","name"} or null,
/// "enforced": what the controller applies (an area wins over the gate's own)}.
std::string gatePassbackJson(GateRoutesContext& c, int64_t gate) {
  Poco::JSON::Object root;
  root.set("gate_id", gate);
  const bool own = c.driver->singleGatePassback().gates().count(gate) != 0;
  root.set("own", own);
  Poco::Dynamic::Var area;
  for (const auto& a : c.driver->passbackAreas().list())
    if (a.gates.count(gate) != 0) {
      Poco::JSON::Object o;
      o.set("code", a.code);
      o.set("name", a.name);
      area = o;
    }
  root.set("area", area);
  root.set("enforced", own || !area.isEmpty());
  return jsonText(root);
}

monban_status getGatePassback(void* user, const monban_http_request* request, monban_http_response* response) {
  return guarded(user, request, response, [](GateRoutesContext& c, auto* req, auto* res) {
    const int64_t gate = gateId(req);
    requireVisible(c, req, gate);
    respondJson(*c.http, res, 200, gatePassbackJson(c, gate));
  });
}

monban_status putGatePassback(void* user, const monban_http_request* request, monban_http_response* response) {
  return guarded(user, request, response, [](GateRoutesContext& c, auto* req, auto* res) {
    const int64_t gate = gateId(req);
    requireVisible(c, req, gate);
    const Poco::JSON::Object::Ptr in = body(req);
    if (!in->has("own") || !in->get("own").isBoolean())
      throw BadRequest("own: true for anti-passback of this gate alone, false for none");
    const bool own = in->getValue<bool>("own");
    if (c.driver->singleGatePassback().set(gate, own)) c.driver->passbackAreasChanged();
    audit(c, req, std::string("anti-passback of gate alone ") + (own ? "on" : "off"), true,
          "gate " + std::to_string(gate));
    respondJson(*c.http, res, 200, gatePassbackJson(c, gate));
  });
}

/// The gate parameters file of every gate in the operator's scope (docs/csv-formats.md).
monban_status exportGateParameters(void* user, const monban_http_request* request, monban_http_response* response) {
  return guarded(user, request, response, [](GateRoutesContext& c, auto* req, auto* res) {
    const auto rows = c.driver->gateRows(visibleGates(c, req->operator_id));
    const std::string csv = gateParametersCsv(rows, c.driver->passbackAreas().list());
    audit(c, req, "export gate parameters", true, std::to_string(rows.size()) + " gates");
    c.http->respond(res, 200, "text/csv; charset=utf-8", csv.data(), csv.size());
  });
}

monban_status listPassbackAreas(void* user, const monban_http_request* request, monban_http_response* response) {
  return guarded(user, request, response, [](GateRoutesContext& c, auto*, auto* res) {
    const auto codes = c.driver->gateCodes();
    Poco::JSON::Array items;
    for (const auto& area : c.driver->passbackAreas().list()) {
      Poco::JSON::Object item;
      item.set("code", area.code);
      item.set("name", area.name);
      Poco::JSON::Array gates;
      for (int64_t g : area.gates) {
        Poco::JSON::Object gate;
        gate.set("id", g);
        const auto code = codes.find(g);
        gate.set("code", code == codes.end() ? std::string() : code->second);
        gates.add(gate);
      }
      item.set("gates", gates);
      items.add(item);
    }
    Poco::JSON::Object root;
    root.set("items", items);
    respondJson(*c.http, res, 200, jsonText(root));
  });
}

monban_status putPassbackArea(void* user, const monban_http_request* request, monban_http_response* response) {
  return guarded(user, request, response, [](GateRoutesContext& c, auto* req, auto* res) {
    const std::string code = pathParam(req, "code");
    const Poco::JSON::Object::Ptr in = body(req);
    const std::string name = in->optValue<std::string>("name", "");
    if (!in->has("gates")) throw BadRequest("gates: the list of the area's gate ids is missing");
    const auto gates = requestedGates(c, req, in, false);  // none: an area without gates
    std::set<int64_t> changed;
    try {
      changed = c.driver->passbackAreas().put(code, name, gates);
    } catch (const std::invalid_argument& e) {
      throw BadRequest(e.what());
    }
    if (!changed.empty()) c.driver->passbackAreasChanged();
    audit(c, req, "anti-passback area " + code, true, std::to_string(gates.size()) + " gates");
    Poco::JSON::Object root;
    root.set("code", code);
    root.set("gates_changed", static_cast<int64_t>(changed.size()));
    respondJson(*c.http, res, 200, jsonText(root));
  });
}

monban_status deletePassbackArea(void* user, const monban_http_request* request, monban_http_response* response) {
  return guarded(user, request, response, [](GateRoutesContext& c, auto* req, auto* res) {
    const std::string code = pathParam(req, "code");
    std::set<int64_t> gates;
    try {
      gates = c.driver->passbackAreas().remove(code);
    } catch (const std::out_of_range& e) {
      respondError(*c.http, res, 404, "not_found", e.what());
      return;
    }
    if (!gates.empty()) c.driver->passbackAreasChanged();
    audit(c, req, "anti-passback area " + code + " deleted", true, std::to_string(gates.size()) + " gates");
    respondJson(*c.http, res, 200, "{}");
  });
}

void add(GateRoutesContext& c, const char* method, const char* path, const char* summary, const char* right,
         const char* level, monban_http_handler handler) {
  monban::plugin::addRoute(*c.http, c.plugin, method, path, summary, right, level, handler, &c);
}

}  // namespace

void addGateRoutes(GateRoutesContext& c) {
  add(c, "GET", "/api/v1/controllers", "Every controller's live state and the table versions it applied", "gates",
      "view", &listControllers);
  add(c, "GET", "/api/v1/gates/{id}/controller", "One gate's controller state", "gates", "view", &gateController);
  add(c, "POST", "/api/v1/gates/{id}/command", "Lock, unlock, arm, disarm or set a mode at the controller", "gates",
      "edit", &gateCommand);
  add(c, "GET", "/api/v1/gates/{id}/explain", "Would this card open the gate at that time, and why", "gates", "view",
      &explain);
  add(c, "GET", "/api/v1/gates/{id}/controller/gate-parameters",
      "Read the gate parameters the controller holds and compare them with the database", "gate_parameters", "view",
      &readGateParameters);
  add(c, "POST", "/api/v1/gates/{id}/controller/gate-parameters/adopt",
      "Make the gate settings the controller holds the gate's own (controller to server)", "gate_parameters", "edit",
      &adoptGateParameters);
  add(c, "GET", "/api/v1/gates/{id}/controller/card-parameters",
      "Read the IC-card parameters the controller holds and compare them with gate.ini", "ic_card_parameters", "view",
      &readCardParameters);
  add(c, "POST", "/api/v1/controllers/transfer", "Send tables to controllers now", "permission_transfer", "edit",
      &transfer);
  add(c, "POST", "/api/v1/controllers/poll", "Read the controllers' state now", "gates", "view", &pollNow);
  add(c, "POST", "/api/v1/controllers/verify", "Compare controllers' tables with the database; repair drift",
      "permission_transfer", "edit", &verify);
  add(c, "POST", "/api/v1/controllers/time-sync", "Set every controller's clock", "system_management", "edit",
      &timeSync);
  add(c, "POST", "/api/v1/controllers/key", "Change the mutual-authentication password on the controllers",
      "mutual_auth_password", "edit", &changeKey);
  add(c, "GET", "/api/v1/gates/{id}/anti-passback",
      "The gate's anti-passback: its own (the gate alone) and its global anti-passback area", "gate_parameters", "view",
      &getGatePassback);
  add(c, "PUT", "/api/v1/gates/{id}/anti-passback", "Anti-passback of the gate alone on or off ({\"own\": bool})",
      "gate_parameters", "edit", &putGatePassback);
  add(c, "GET", "/api/v1/gate-parameters/export", "The gate parameters of every gate in scope as a CSV file",
      "gate_parameters", "view", &exportGateParameters);
  add(c, "GET", "/api/v1/passback-areas", "Global anti-passback areas and their gates", "global_anti_passback", "view",
      &listPassbackAreas);
  add(c, "PUT", "/api/v1/passback-areas/{code}", "Create or replace an anti-passback area (name, gate ids)",
      "global_anti_passback", "edit", &putPassbackArea);
  add(c, "POST", "/api/v1/controllers/passback-places",
      "Send the controllers of global anti-passback areas where each user of their area is", "global_anti_passback",
      "edit", &sendPlaces);
  add(c, "DELETE", "/api/v1/passback-areas/{code}", "Delete an anti-passback area", "global_anti_passback", "edit",
      &deletePassbackArea);
}

}  // namespace monban::gate
