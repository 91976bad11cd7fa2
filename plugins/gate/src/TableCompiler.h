#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <monban/sdk/host.hpp>

#include "monban/controller/Tables.h"

namespace monban::gate {

using namespace monban::controller;

/// A gate as the driver needs it.
struct GateRow {
  int64_t id = 0;
  std::string code;
  std::string name;
  std::string address;
  int64_t management_group_id = 0;
  GateParameters parameters;
};

/// Everything one controller should hold, compiled from the database.
struct CompiledTables {
  CardTable cards;
  access::CalendarRules calendar;
  bool has_schedule = false;
  std::vector<access::TimeBand> schedule;
  GateParameters gate;
  CardParameters card;
};

/// Builds controller tables from the domain tables (read only; docs/gate.md names the tables).
/// One query per table kind for any number of gates.
class TableCompiler {
public:
  TableCompiler(monban::sdk::Host host, CardParameters cardParameters)
      : host_(host), card_parameters_(std::move(cardParameters)) {}

  /// The gates of `ids` (all gates when empty), by id.
  std::vector<GateRow> gates(const std::set<int64_t>& ids) const;
  /// The permission tables of `gateIds` (all gates when empty): every card of every user
  /// permitted directly or through a gate group, at the lowest (most passable) level given.
  std::map<int64_t, CardTable> permissions(const std::set<int64_t>& gateIds) const;
  /// Gates where any of `userRefs` is permitted now.
  std::set<int64_t> gatesOfUsers(const std::set<int64_t>& userRefs) const;
  /// Calendar of each management group (its own, or the template).
  std::map<int64_t, access::CalendarRules> calendars() const;
  /// Schedule bands of each gate that follows a schedule.
  std::map<int64_t, std::vector<access::TimeBand>> schedules() const;
  /// All tables of the gates (all when empty).
  std::map<int64_t, CompiledTables> compile(const std::vector<GateRow>& gates, bool withPermissions) const;
  const CardParameters& cardParameters() const { return card_parameters_; }

private:
  monban::sdk::Host host_;
  CardParameters card_parameters_;
};

/// The encoded form of one table and its digest.
std::vector<uint8_t> encodeTable(const CompiledTables& tables, TableId table);

}  // namespace monban::gate
