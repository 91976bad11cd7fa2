#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace monban::host::domain {

/// A whole CSV file parsed (RFC 4180, by libcsv) into records that remember the line each starts
/// on. Fields live in one buffer, so 300,000 rows cost little more than the text itself.
class CsvDocument {
public:
  /// Parses UTF-8 text. Blank lines are skipped. Throws DomainError "invalid" for a malformed
  /// quote or a file that ends inside a quoted field (a truncated file), naming the line.
  static CsvDocument parse(const std::string& text);

  std::size_t records() const { return records_.size(); }
  std::size_t line(std::size_t record) const { return records_[record].line; }
  std::size_t fields(std::size_t record) const { return records_[record].field_count; }
  std::string_view field(std::size_t record, std::size_t index) const;
  /// Field `index` of the record as text; empty when the column is absent (npos) or the row short.
  std::string cell(std::size_t record, std::size_t index) const;
  /// What is wrong with a data record's shape, empty when nothing: a field count that differs from
  /// the header's (`value` gets "N fields"), or no line break after the last record (cut short).
  std::string shapeProblem(std::size_t record, std::string& value) const;
  /// Reads the header (record 0) against the `known` column names: the field index of each known
  /// column, npos when absent. Names are compared without case and surrounding spaces. Throws
  /// DomainError "invalid" for an empty file, an unknown or repeated column, or a missing
  /// `required` one.
  std::vector<std::size_t> headerIndexes(const std::vector<std::string>& known,
                                         const std::vector<std::string>& required) const;
  /// Whether the record ended with a line break (the last one of a cut file does not).
  bool terminated(std::size_t record) const { return records_[record].terminated; }

private:
  struct Record {
    std::size_t line;
    std::size_t first_field;
    std::size_t field_count;
    bool terminated;
  };
  friend struct CsvDocumentBuilder;
  std::string text_;
  std::vector<std::size_t> field_ends_;  ///< end offset of each field in text_
  std::vector<Record> records_;
};

}  // namespace monban::host::domain
