#pragma once

#include <cstddef>

namespace monban::host::domain {

/// The limits of SPEC section 3 (server edition), enforced by the domain services.
struct DomainLimits {
  std::size_t gates = 1000;
  std::size_t gate_groups = 2000;
  std::size_t gates_per_group = 200;
  std::size_t access_users = 300000;
  std::size_t affiliations = 5000;
  int affiliation_depth = 5;
  std::size_t management_groups = 500;
  std::size_t operators = 501;
  std::size_t saved_searches_per_operator = 20;
  std::size_t cards_per_user = 4;
  std::size_t calendars = 500;  ///< besides the template
  std::size_t annual_days = 202;
  std::size_t date_kinds = 32;
  std::size_t schedules = 1000;
  std::size_t bands_per_schedule = 256;
};

}  // namespace monban::host::domain
