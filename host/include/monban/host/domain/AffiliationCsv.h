#pragma once

#include <ostream>
#include <string>

#include "monban/host/domain/Actor.h"
#include "monban/host/domain/DomainContext.h"
#include "monban/host/domain/ImportReport.h"

namespace monban::host::domain {

/// Imports affiliations from CSV: header `operation,code,name,parent` (any order; operation and
/// code required), one row per affiliation with add, change, delete or set. A parent may be
/// defined on an earlier row. The tree rules of AffiliationService hold row by row. Needs the
/// affiliations right at edit.
class AffiliationCsvImport {
public:
  explicit AffiliationCsvImport(DomainContext& context) : context_(context) {}
  ImportReport run(const Actor& actor, const std::string& fileBytes, const ImportOptions& options);

private:
  DomainContext& context_;
};

/// Writes the affiliations the actor may see, parents before children, with operation "set".
class AffiliationCsvExport {
public:
  explicit AffiliationCsvExport(DomainContext& context) : context_(context) {}
  int64_t run(const Actor& actor, std::ostream& out, TextEncoding encoding = TextEncoding::Utf8);

private:
  DomainContext& context_;
};

}  // namespace monban::host::domain
