#pragma once

#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "monban/host/domain/Domain.h"

namespace monban::host {

struct ServerAccess;

/// Options of `monban gates verify` and `monban gates explain`, and how to reach the running
/// server they act through (resolved only when one of them runs).
struct GateCommandOptions {
  bool repair = false;       ///< verify: repair the drift found
  std::string pin;           ///< explain: the PIN keyed with the card
  bool exit_reader = false;  ///< explain: at the exit reader instead of the entry reader
  std::function<ServerAccess()> server;
};

/// `monban gates add CODE NAME ADDRESS GROUP`: adds a gate with its controller address to the
/// management group with code GROUP (created when missing), in the database.
/// `monban gates verify [--repair] [GATE...]`: asks the running server to compare each
/// controller's tables with the database (docs/gate.md); one line per controller.
/// `monban gates explain GATE CARD [YYYY-MM-DDTHH:MM] [--pin PIN] [--exit]`: would the card open
/// the gate then, and why.
/// `monban gates parameters GATE`: reads the gate and IC-card parameters the controller holds and
/// compares them with what the server sends; `monban gates adopt-parameters GATE` makes the gate
/// settings the controller holds the gate's own (controller to server).
/// All but `add` act through the running server as the operator in MONBAN_LOGIN / MONBAN_PASSWORD.
/// Returns 0; 1 when a controller is not in step (verify, parameters) or the card is refused (explain); 64 for
/// usage; 65 for data the domain refuses; 69 when the server cannot be reached or refuses.
int runGateCommand(const std::vector<std::string>& args, domain::Domain& domain, const std::string& actorName,
                   const GateCommandOptions& options, std::ostream& out, std::ostream& err);

}  // namespace monban::host
