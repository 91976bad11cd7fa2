#include "monban/host/GateCommands.h"

#include "monban/host/domain/DomainError.h"

namespace monban::host {

int runGateCommand(const std::vector<std::string>& args, domain::Domain& d, const std::string& actorName,
                   std::ostream& out, std::ostream& err) {
  if (args.size() != 6 || args[1] != "add") {
    err << "usage: monban gates add CODE NAME ADDRESS GROUP\n";
    return 64;
  }
  const domain::Actor actor = domain::Actor::system(actorName);
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
    return 65;
  }
}

}  // namespace monban::host
