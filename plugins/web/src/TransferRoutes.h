#pragma once

#include "Exchange.h"

namespace monban::web {

// CSV imports as background jobs and CSV exports streamed to the browser.
/// POST …/import: the raw file is the body; options in the query.
void handleImport(Exchange& ex, const std::string& kind, const std::string& method);
void handleImportStatus(Exchange& ex);
/// GET …/export: `method` streams the file; path and query parameters are its filters. CSV
/// unless `contentType` says otherwise.
void handleExport(Exchange& ex, const std::string& method, const std::string& fileName,
                  const std::string& contentType = "");

}  // namespace monban::web
