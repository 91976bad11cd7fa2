#pragma once

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Object.h>

#include <cstdint>
#include <string>
#include <vector>

#include "monban/controller/Tables.h"

namespace monban::gate {

using namespace monban::controller;

/// One field of a parameter table, as the controller holds it and as the database gives it.
struct ParameterField {
  std::string name;
  Poco::Dynamic::Var controller;
  Poco::Dynamic::Var server;
  /// Where the server's value lives when it is not in the gate's record (adopt leaves it).
  std::string kept_in;
  bool differs() const { return controller != server; }
};

/// Field by field: the gate settings adopt writes into the gate's record (modes, reader names,
/// door-open time), and the anti-passback ones (kept by the areas and the gate's own setting).
std::vector<ParameterField> gateParameterFields(const GateParameters& held, const GateParameters& expected);
/// Field by field; every one of them is set in gate.ini.
std::vector<ParameterField> cardParameterFields(const CardParameters& held, const CardParameters& expected);

/// {"name", "controller", "server", "kept_in"?}: one field.
Poco::JSON::Object parameterFieldJson(const ParameterField& field);

/// {"gate_id", "table", "fields": [{"name", "controller", "server", "differs", "kept_in"?}],
/// "differs": [names]}.
std::string parameterComparisonJson(int64_t gate, const std::string& table, const std::vector<ParameterField>& fields);

}  // namespace monban::gate
