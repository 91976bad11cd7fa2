#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include <monban/sdk/database.h>
#include <monban/sdk/host.hpp>

namespace monban::gate {

/// A global anti-passback area: gates whose controllers share where each user is. A user who
/// entered through one of them must leave through one of them before entering again.
struct PassbackArea {
  int64_t id = 0;  ///< the area number in the controllers' gate parameters (never 0)
  std::string code;
  std::string name;
  std::set<int64_t> gates;
};

/// The areas, in the gate plugin's own tables (gate plugin migration 3). A gate is in at most
/// one area; a gate in an area has anti-passback enforced.
class PassbackAreas {
public:
  explicit PassbackAreas(monban::sdk::Host host) : host_(host) {}

  static monban_migration migration(uint32_t version);

  std::vector<PassbackArea> list() const;
  /// Creates or replaces area `code` with `name` and exactly `gates`, which leave any other
  /// area. Throws std::invalid_argument naming the bad field. Returns the gates whose area
  /// changed (joined, left or moved).
  std::set<int64_t> put(const std::string& code, const std::string& name, const std::set<int64_t>& gates);
  /// Deletes area `code`; returns its gates. Throws std::out_of_range when there is none.
  std::set<int64_t> remove(const std::string& code);

private:
  monban::sdk::Host host_;
};

}  // namespace monban::gate
