#pragma once

#include <string>
#include <vector>

#include "monban/host/domain/CsvWriter.h"
#include "monban/host/domain/HistoryEvent.h"

namespace monban::host::domain {

/// The column names of a history export, in order.
const std::vector<std::string>& historyCsvHeader();

/// One record in the columns of historyCsvHeader(); times in local ISO 8601 with offset.
void writeHistoryCsvRow(CsvWriter& csv, const HistoryRecord& record);

}  // namespace monban::host::domain
