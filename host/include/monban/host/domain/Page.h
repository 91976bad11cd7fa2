#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace monban::host::domain {

/// Which page of a list: at most `limit` rows after `cursor` (empty: the first page).
struct PageRequest {
  int limit = 100;
  std::string cursor;
};

/// One page of a list; `next_cursor` is empty on the last page. `total` counts every match.
template <class T>
struct Page {
  std::vector<T> items;
  std::string next_cursor;
  int64_t total = 0;
};

/// Checks a page size (1-1000); throws DomainError "invalid" naming the field.
int checkedLimit(int limit);

}  // namespace monban::host::domain
