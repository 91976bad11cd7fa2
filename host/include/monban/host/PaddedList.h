#pragma once

#include <cstddef>

namespace monban::host {

/// How many items of a list of `remaining` to put into the next statement, padded up to one of a
/// few fixed sizes (1, 8, 64, 256). Statements whose text depends only on that count are prepared
/// once per session (Database::Lease::query) instead of parsed for every list length; the caller
/// fills the places beyond its items with values that match nothing.
constexpr std::size_t paddedListSize(std::size_t remaining) {
  for (const std::size_t size : {std::size_t{1}, std::size_t{8}, std::size_t{64}})
    if (remaining <= size) return size;
  return 256;
}

}  // namespace monban::host
