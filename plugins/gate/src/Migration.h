#pragma once

#include <cstddef>
#include <cstdint>

#include <monban/sdk/database.h>

namespace monban::gate {

/// One of the gate plugin's migrations, from an array of its statements (counted here, so a
/// statement added to the array is never left out of the count).
template <std::size_t N>
constexpr monban_migration migrationOf(uint32_t version, const char* description, const char* const (&statements)[N]) {
  return {version, description, statements, static_cast<uint32_t>(N)};
}

}  // namespace monban::gate
