#include "monban/host/domain/HistoryCsv.h"

#include "monban/host/domain/HistoryTime.h"

namespace monban::host::domain {

namespace {

std::string optionalText(const std::optional<int64_t>& value) {
  return value ? std::to_string(*value) : std::string();
}

}  // namespace

const std::vector<std::string>& historyCsvHeader() {
  static const std::vector<std::string> header = {
      "id",        "kind",           "occurred_at",         "received_at", "controller_id",
      "event_seq", "gate_id",        "management_group_id", "user_ref",    "user_id",
      "user_name", "affiliation_id", "affiliation_path",    "card_data",   "direction",
      "code",      "detail",         "clock_skewed",        "gap"};
  return header;
}

void writeHistoryCsvRow(CsvWriter& csv, const HistoryRecord& record) {
  const HistoryEvent& e = record.event;
  csv.field(std::to_string(record.id));
  csv.field(toString(e.kind));
  csv.field(formatLocalIsoTime(e.occurred_at_ms));
  csv.field(formatLocalIsoTime(e.received_at_ms));
  csv.field(optionalText(e.controller_id));
  csv.field(optionalText(e.event_seq));
  csv.field(optionalText(e.gate_id));
  csv.field(optionalText(e.management_group_id));
  csv.field(optionalText(e.user_ref));
  csv.field(e.user_id);
  csv.field(e.user_name);
  csv.field(optionalText(e.affiliation_id));
  csv.field(e.affiliation_path);
  csv.field(e.card_data);
  csv.field(toString(e.direction));
  csv.field(e.code);
  csv.field(e.detail);
  csv.field((e.flags & kHistoryClockSkewed) != 0 ? "1" : "0");
  csv.field((e.flags & kHistoryGap) != 0 ? "1" : "0");
  csv.endRow();
}

}  // namespace monban::host::domain
