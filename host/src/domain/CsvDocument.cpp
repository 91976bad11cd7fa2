#include "monban/host/domain/CsvDocument.h"

#include <csv.h>

#include <algorithm>

#include "monban/host/domain/DomainError.h"

namespace monban::host::domain {

struct CsvDocumentBuilder {
  CsvDocument document;
  std::size_t line = 1;         ///< line being fed
  std::size_t record_line = 1;  ///< line the current record starts on
  bool in_record = false;
  bool last_terminated = true;

  static void onField(void* data, std::size_t size, void* self) {
    auto& b = *static_cast<CsvDocumentBuilder*>(self);
    if (!b.in_record) {
      b.document.records_.push_back({b.record_line, b.document.field_ends_.size(), 0, true});
      b.in_record = true;
    }
    if (data != nullptr) b.document.text_.append(static_cast<const char*>(data), size);
    b.document.field_ends_.push_back(b.document.text_.size());
    ++b.document.records_.back().field_count;
  }
  static void onRecord(int terminator, void* self) {
    auto& b = *static_cast<CsvDocumentBuilder*>(self);
    if (!b.in_record) return;
    b.document.records_.back().terminated = terminator != -1;
    b.in_record = false;
  }
};

std::string_view CsvDocument::field(std::size_t record, std::size_t index) const {
  const std::size_t i = records_[record].first_field + index;
  const std::size_t begin = i == 0 ? 0 : field_ends_[i - 1];
  return std::string_view(text_).substr(begin, field_ends_[i] - begin);
}

std::string CsvDocument::cell(std::size_t record, std::size_t index) const {
  return index < fields(record) ? std::string(field(record, index)) : std::string();
}

std::string CsvDocument::shapeProblem(std::size_t record, std::string& value) const {
  if (fields(record) != fields(0)) {
    value = std::to_string(fields(record)) + " fields";
    return "the row has " + std::to_string(fields(record)) + " fields; the header has " + std::to_string(fields(0));
  }
  value.clear();
  if (!terminated(record)) return "the file ends in this row without a line break; it may be truncated";
  return {};
}

std::vector<std::size_t> CsvDocument::headerIndexes(const std::vector<std::string>& known,
                                                    const std::vector<std::string>& required) const {
  if (records_.empty()) throw DomainError("invalid", "the file is empty; its first line must be the header row");
  std::vector<std::size_t> indexes(known.size(), std::string::npos);
  std::string list;
  for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
  for (std::size_t f = 0; f < fields(0); ++f) {
    std::string name(field(0, f));
    name.erase(0, name.find_first_not_of(' '));
    name.erase(name.find_last_not_of(' ') + 1);
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    const auto it = std::find(known.begin(), known.end(), name);
    if (it == known.end())
      throw DomainError("invalid", "line " + std::to_string(line(0)) + ", column " + std::to_string(f + 1) +
                                       ": unknown column '" + name + "' (the columns are " + list + ")");
    auto& slot = indexes[static_cast<std::size_t>(it - known.begin())];
    if (slot != std::string::npos)
      throw DomainError("invalid", "line " + std::to_string(line(0)) + ": column '" + name + "' appears twice");
    slot = f;
  }
  for (const auto& r : required) {
    const auto it = std::find(known.begin(), known.end(), r);
    if (indexes[static_cast<std::size_t>(it - known.begin())] == std::string::npos)
      throw DomainError("invalid", "line " + std::to_string(line(0)) + ": the header has no '" + r + "' column");
  }
  return indexes;
}

CsvDocument CsvDocument::parse(const std::string& text) {
  csv_parser parser;
  if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI) != 0) throw DomainError("invalid", "cannot start the CSV parser");
  CsvDocumentBuilder builder;
  builder.document.text_.reserve(text.size());
  std::size_t start = 0;
  try {
    // Fed line by line so every record knows the line it starts on.
    while (start < text.size()) {
      std::size_t end = text.find('\n', start);
      end = end == std::string::npos ? text.size() : end + 1;
      // A record starts on the first non-blank line fed while the parser is between rows
      // (state 0 in libcsv); a quoted field may carry it over several lines.
      const bool blank = text.find_first_not_of("\r\n", start) >= end;
      if (parser.pstate == 0 && !blank) builder.record_line = builder.line;
      if (csv_parse(&parser, text.data() + start, end - start, CsvDocumentBuilder::onField,
                    CsvDocumentBuilder::onRecord, &builder) != end - start)
        throw DomainError("invalid", "line " + std::to_string(builder.line) + ": " + csv_strerror(csv_error(&parser)) +
                                         " (a quote inside an unquoted field, or "
                                         "text after a closing quote)");
      ++builder.line;
      start = end;
    }
    if (csv_fini(&parser, CsvDocumentBuilder::onField, CsvDocumentBuilder::onRecord, &builder) != 0)
      throw DomainError(
          "invalid",
          "the file ends inside a quoted field that starts at line " +
              std::to_string(builder.document.records_.empty() ? builder.line : builder.document.records_.back().line) +
              "; it may be truncated");
  } catch (...) {
    csv_free(&parser);
    throw;
  }
  csv_free(&parser);
  return std::move(builder.document);
}

}  // namespace monban::host::domain
