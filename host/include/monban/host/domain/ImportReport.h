#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "monban/host/domain/AccessUser.h"
#include "monban/host/domain/TextEncoding.h"

namespace monban::host::domain {

/// How to run a CSV import.
struct ImportOptions {
  bool dry_run = false;  ///< check every row and report, change nothing
  bool strict = false;   ///< apply nothing when any row fails
  TextEncoding encoding = TextEncoding::Auto;
  std::string source;  ///< file name, for the logs
  /// Called now and then with rows done and rows in the file.
  std::function<void(std::size_t done, std::size_t total)> progress;
};

/// The result of one data row.
struct ImportRowResult {
  enum class Outcome { Added, Changed, Deleted, Failed };
  std::size_t line = 0;
  std::string key;  ///< the row's user ID or affiliation code
  Outcome outcome = Outcome::Failed;
  std::vector<FieldProblem> problems;  ///< column, value, reason; empty unless failed
};

const char* toString(ImportRowResult::Outcome outcome);

/// The result of a whole import. Valid rows are applied together in one transaction (none when
/// `dry_run`, or when `strict` and a row failed); failed rows change nothing.
struct ImportReport {
  bool dry_run = false;
  bool applied = false;
  int64_t added = 0;
  int64_t changed = 0;
  int64_t deleted = 0;
  int64_t failed = 0;
  std::vector<ImportRowResult> rows;
};

}  // namespace monban::host::domain
