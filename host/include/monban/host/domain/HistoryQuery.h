#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "monban/host/domain/HistoryEvent.h"

namespace monban::host::domain {

/// The filters of a history search; every given filter must match. Empty sets and strings
/// mean "any".
struct HistoryQuery {
  std::optional<int64_t> from_ms;  ///< inclusive, by occurred_at_ms
  std::optional<int64_t> to_ms;    ///< exclusive
  std::vector<HistoryKind> kinds;
  std::vector<int64_t> management_group_ids;
  std::vector<int64_t> gate_ids;
  std::optional<int64_t> affiliation_id;  ///< this affiliation and its whole subtree
  std::string user_id;
  std::string code;
  int limit = 100;     ///< 1..1000
  std::string cursor;  ///< next_cursor of the previous page; empty for the first page
};

/// One page, newest first.
struct HistoryPage {
  std::vector<HistoryRecord> records;
  std::string next_cursor;  ///< empty when there is nothing after this page
};

inline constexpr int kHistoryMaxPageSize = 1000;

/// Where a page ended: the (occurred_at_ms, id) of its last record.
struct HistoryCursor {
  int64_t occurred_at_ms = 0;
  int64_t id = 0;
};

/// The opaque text form handed to clients, and back; nullopt when the text was not made here.
std::string encodeHistoryCursor(const HistoryCursor& cursor);
std::optional<HistoryCursor> decodeHistoryCursor(const std::string& text);

}  // namespace monban::host::domain
