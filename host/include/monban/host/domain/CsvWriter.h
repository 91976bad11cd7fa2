#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace monban::host::domain {

/// Writes RFC 4180 CSV: fields quoted only when they hold a comma, quote, CR or LF (or start
/// with a space), quotes doubled, CRLF line ends, so spreadsheets and our own import read it back.
class CsvWriter {
public:
  explicit CsvWriter(std::ostream& out) : out_(out) {}
  void field(std::string_view value);
  void endRow();
  void row(const std::vector<std::string>& fields);

private:
  std::ostream& out_;
  bool first_ = true;
};

}  // namespace monban::host::domain
