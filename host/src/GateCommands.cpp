#include "monban/host/GateCommands.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/URI.h>

#include <fstream>
#include <map>

#include "ServerApiClient.h"
#include "monban/access/LocalTime.h"
#include "monban/host/GateLookup.h"
#include "monban/host/domain/DomainError.h"

namespace monban::host {

namespace {

constexpr int kRefused = 1;
constexpr int kUsage = 64;
constexpr int kDataError = 65;
constexpr int kUnavailable = 69;

int usage(std::ostream& err) {
  err << "usage: monban gates add CODE NAME ADDRESS GROUP\n"
         "       monban gates verify [--repair] [GATE...]\n"
         "       monban gates explain GATE CARD [YYYY-MM-DDTHH:MM] [--pin PIN] [--exit]\n"
         "       monban gates parameters GATE\n"
         "       monban gates adopt-parameters GATE\n"
         "       monban gates export-parameters FILE\n";
  return kUsage;
}

int addGate(const std::vector<std::string>& args, domain::Domain& d, const domain::Actor& actor, std::ostream& out,
            std::ostream& err) {
  if (args.size() != 6) return usage(err);
  try {
    std::optional<int64_t> group;
    for (const auto& g : d.gates().listManagementGroups(actor))
      if (g.code == args[5]) group = g.id;
    if (!group) {
      domain::ManagementGroup g;
      g.code = args[5];
      g.name = args[5];
      group = d.gates().createManagementGroup(actor, g).id;
      out << "management group " << args[5] << " created\n";
    }
    domain::Gate gate;
    gate.code = args[2];
    gate.name = args[3];
    gate.controller_address = args[4];
    gate.management_group_id = *group;
    gate.entry_reader = "entry";
    gate.exit_reader = "exit";
    const domain::Gate created = d.gates().createGate(actor, gate);
    out << "gate " << created.code << " added (id " << created.id << ", controller " << created.controller_address
        << ")\n";
    return 0;
  } catch (const domain::DomainError& e) {
    err << "gate " << args[2] << ": " << e.what() << "\n";
    return kDataError;
  }
}

int verify(const std::vector<std::string>& args, domain::Domain& d, const domain::Actor& actor,
           const GateCommandOptions& options, std::ostream& out, std::ostream& err) {
  std::string gates;
  for (std::size_t i = 2; i < args.size(); ++i) {
    const auto gate = findGateFor("gates verify", d, actor, args[i], err);
    if (!gate) return kDataError;
    gates += (gates.empty() ? "" : ",") + std::to_string(gate->id);
  }
  std::map<int64_t, std::string> codes;
  domain::GateQuery all;
  all.page.limit = 1000;  // a server has at most 1,000 gates
  for (const domain::Gate& g : d.gates().listGates(actor, all).items) codes[g.id] = g.code;

  ServerApiClient client(options.server());
  const auto root = client.callJson(
      "POST", "/api/v1/controllers/verify",
      "{\"gates\":[" + gates + "],\"repair\":" + (options.repair ? "true" : "false") + "}", "gates verify");
  const auto items = root->getArray("items");
  int inStep = 0;
  int other = 0;
  for (unsigned i = 0; items && i < items->size(); ++i) {
    const auto item = items->getObject(i);
    const int64_t id = item->getValue<int64_t>("gate_id");
    const bool ok = item->getValue<bool>("ok");
    const auto code = codes.find(id);
    out << (code != codes.end() ? code->second : std::to_string(id)) << "\t" << (ok ? "ok" : "NOT OK") << "\t"
        << item->getValue<std::string>("message") << "\n";
    (ok ? inStep : other) += 1;
  }
  out << inStep + other << " controllers: " << inStep << " ok, " << other << " not ok ("
      << root->optValue<int64_t>("elapsed_ms", 0) << " ms)\n";
  return other == 0 ? 0 : kRefused;
}

int explain(const std::vector<std::string>& args, domain::Domain& d, const domain::Actor& actor,
            const GateCommandOptions& options, std::ostream& out, std::ostream& err) {
  if (args.size() < 4 || args.size() > 5) return usage(err);
  const auto gate = findGateFor("gates explain", d, actor, args[2], err);
  if (!gate) return kDataError;
  Poco::URI uri("/api/v1/gates/" + std::to_string(gate->id) + "/explain");
  uri.addQueryParameter("card", args[3]);
  if (args.size() == 5) {
    if (!access::parseLocalDateTime(args[4])) {
      err << "gates explain: '" << args[4] << "' is not a local date and time YYYY-MM-DDTHH:MM[:SS]\n";
      return kUsage;
    }
    uri.addQueryParameter("at", args[4]);
  }
  if (!options.pin.empty()) uri.addQueryParameter("pin", options.pin);
  if (options.exit_reader) uri.addQueryParameter("reader", "exit");
  ServerApiClient client(options.server());
  const auto root = client.callJson("GET", uri.getPathAndQuery(), "", "gates explain");
  const bool granted = root->getValue<bool>("granted");
  out << gate->code << " " << args[3] << ": " << root->getValue<std::string>("code") << "\n"
      << "  " << root->getValue<std::string>("reason") << "\n"
      << "  door mode " << root->optValue<std::string>("door_mode", "") << ", passable level "
      << root->optValue<int64_t>("passable_level", 0) << "\n";
  return granted ? 0 : kRefused;
}

std::string valueText(const Poco::Dynamic::Var& v) {
  return v.isString() ? v.extract<std::string>() : v.toString();
}

/// One line per field: name, the controller's value, the server's, and where it differs.
int printParameters(const Poco::JSON::Object::Ptr& root, const std::string& title, std::ostream& out) {
  const auto fields = root->getArray("fields");
  int differing = 0;
  out << title << "\tcontroller\tserver\n";
  for (unsigned i = 0; fields && i < fields->size(); ++i) {
    const auto f = fields->getObject(i);
    const bool differs = f->getValue<bool>("differs");
    out << "  " << f->getValue<std::string>("name") << "\t" << valueText(f->get("controller")) << "\t"
        << valueText(f->get("server"));
    if (differs)
      out << "\tDIFFERS" << (f->has("kept_in") ? " (kept in " + f->getValue<std::string>("kept_in") + ")" : "");
    out << "\n";
    differing += differs ? 1 : 0;
  }
  return differing;
}

int parameters(const std::vector<std::string>& args, domain::Domain& d, const domain::Actor& actor,
               const GateCommandOptions& options, std::ostream& out, std::ostream& err) {
  if (args.size() != 3) return usage(err);
  const auto gate = findGateFor("gates parameters", d, actor, args[2], err);
  if (!gate) return kDataError;
  const std::string base = "/api/v1/gates/" + std::to_string(gate->id) + "/controller/";
  ServerApiClient client(options.server());
  int differing = printParameters(client.callJson("GET", base + "gate-parameters", "", "gates parameters"),
                                  gate->code + " gate parameters", out);
  differing += printParameters(client.callJson("GET", base + "card-parameters", "", "gates parameters"),
                               gate->code + " IC-card parameters", out);
  out << (differing == 0 ? "the controller holds what the server sends\n"
                         : std::to_string(differing) + " fields differ\n");
  return differing == 0 ? 0 : kRefused;
}

int adoptParameters(const std::vector<std::string>& args, domain::Domain& d, const domain::Actor& actor,
                    const GateCommandOptions& options, std::ostream& out, std::ostream& err) {
  if (args.size() != 3) return usage(err);
  const auto gate = findGateFor("gates adopt-parameters", d, actor, args[2], err);
  if (!gate) return kDataError;
  ServerApiClient client(options.server());
  const auto root =
      client.callJson("POST", "/api/v1/gates/" + std::to_string(gate->id) + "/controller/gate-parameters/adopt", "{}",
                      "gates adopt-parameters");
  const auto adopted = root->getArray("adopted");
  std::string names;
  for (unsigned i = 0; adopted && i < adopted->size(); ++i)
    names += (i ? ", " : "") + adopted->getElement<std::string>(i);
  out << gate->code << ": " << (names.empty() ? "the gate already has the controller's settings" : "adopted " + names)
      << "\n";
  const auto left = root->getArray("not_adopted");
  for (unsigned i = 0; left && i < left->size(); ++i) {
    const auto f = left->getObject(i);
    out << "  not adopted: " << f->getValue<std::string>("name") << " " << valueText(f->get("controller"))
        << " (the server keeps " << valueText(f->get("server")) << ", set in " << f->getValue<std::string>("kept_in")
        << ")\n";
  }
  return 0;
}

int exportParameters(const std::vector<std::string>& args, const GateCommandOptions& options, std::ostream& out,
                     std::ostream& err) {
  if (args.size() != 3) return usage(err);
  const std::string& file = args[2];
  ServerApiClient client(options.server());
  const std::string csv = client.download("/api/v1/gate-parameters/export", "gates export-parameters");
  std::ofstream target(file, std::ios::binary | std::ios::trunc);
  target.write(csv.data(), static_cast<std::streamsize>(csv.size()));
  target.close();
  if (!target) {
    err << "gates export-parameters: cannot write " << file << "\n";
    return kDataError;
  }
  // Rows end in CRLF; names hold no line breaks, so each CRLF after the header is one gate.
  std::size_t rows = 0;
  for (std::size_t at = csv.find("\r\n"); at != std::string::npos; at = csv.find("\r\n", at + 2)) ++rows;
  out << (rows > 0 ? rows - 1 : 0) << " gates written to " << file << "\n";
  return 0;
}

}  // namespace

int runGateCommand(const std::vector<std::string>& args, domain::Domain& d, const std::string& actorName,
                   const GateCommandOptions& options, std::ostream& out, std::ostream& err) {
  if (args.size() < 2) return usage(err);
  const domain::Actor actor = domain::Actor::system(actorName);
  try {
    if (args[1] == "add") return addGate(args, d, actor, out, err);
    if (args[1] == "verify") return verify(args, d, actor, options, out, err);
    if (args[1] == "explain") return explain(args, d, actor, options, out, err);
    if (args[1] == "parameters") return parameters(args, d, actor, options, out, err);
    if (args[1] == "adopt-parameters") return adoptParameters(args, d, actor, options, out, err);
    if (args[1] == "export-parameters") return exportParameters(args, options, out, err);
  } catch (const ApiClientError& e) {
    err << "gates " << args[1] << ": " << e.what() << "\n";
    return kUnavailable;
  }
  return usage(err);
}

}  // namespace monban::host
