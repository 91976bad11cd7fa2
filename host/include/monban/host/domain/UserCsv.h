#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "monban/host/domain/Actor.h"
#include "monban/host/domain/DomainContext.h"
#include "monban/host/domain/ImportReport.h"
#include "monban/host/domain/TextEncoding.h"

namespace monban::host::domain {

/// The columns of the access-user CSV format (docs/csv-formats.md), in export order.
const std::vector<std::string>& userCsvColumns();

/// Imports access users from CSV: a header row naming the columns (any order; operation and
/// user_id required), then one row per user with operation add, change, delete or set (add or
/// change). Needs the access-user-import and access-users rights at edit; rows outside the
/// actor's scope fail. File-level problems (encoding, a malformed or truncated quote, unknown
/// or missing columns) throw DomainError "invalid" and change nothing.
class UserCsvImport {
public:
  explicit UserCsvImport(DomainContext& context) : context_(context) {}
  ImportReport run(const Actor& actor, const std::string& fileBytes, const ImportOptions& options);

private:
  DomainContext& context_;
};

/// Writes every access user in the actor's scope in the import format with operation "set", so
/// that importing the file reproduces them. Returns the number of users written.
class UserCsvExport {
public:
  explicit UserCsvExport(DomainContext& context) : context_(context) {}
  int64_t run(const Actor& actor, std::ostream& out, TextEncoding encoding = TextEncoding::Utf8);

private:
  DomainContext& context_;
};

}  // namespace monban::host::domain
