#include "monban/host/domain/CsvWriter.h"

namespace monban::host::domain {

void CsvWriter::field(std::string_view value) {
  if (!first_) out_.put(',');
  first_ = false;
  const bool quote = value.find_first_of(",\"\r\n") != std::string_view::npos ||
                     (!value.empty() && (value.front() == ' ' || value.back() == ' '));
  if (!quote) {
    out_.write(value.data(), static_cast<std::streamsize>(value.size()));
    return;
  }
  out_.put('"');
  for (char c : value) {
    if (c == '"') out_.put('"');
    out_.put(c);
  }
  out_.put('"');
}

void CsvWriter::endRow() {
  out_.write("\r\n", 2);
  first_ = true;
}

void CsvWriter::row(const std::vector<std::string>& fields) {
  for (const auto& f : fields) field(f);
  endRow();
}

}  // namespace monban::host::domain
