#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "monban/host/domain/DomainError.h"

namespace monban::host::domain {

/// A permission to pass a gate or every gate of a gate group, at a passable level (1-8) that the
/// schedules' time bands refer to.
struct Permission {
  int64_t target_id = 0;
  std::string target_code;  ///< the gate's or gate group's code
  int level = 1;
};

/// A person who passes doors (出入ユーザー).
struct AccessUser {
  int64_t id = 0;       ///< internal row id
  std::string user_id;  ///< the ID people and files use
  std::string name;
  std::string reading;         ///< phonetic reading of the name (furigana)
  int64_t affiliation_id = 0;  ///< 0: none
  std::string affiliation_code;
  std::string valid_from;  ///< YYYY-MM-DD, empty: no start
  std::string valid_to;    ///< YYYY-MM-DD, empty: no end
  std::string pin;         ///< empty or 4-8 digits
  std::array<std::string, 3> free{};
  std::vector<std::string> cards;  ///< IC-card data, unique across all users
  std::vector<Permission> gates;
  std::vector<Permission> gate_groups;
  int64_t updated_at_ms = 0;
};

}  // namespace monban::host::domain
