#include "monban/host/domain/HistoryTerms.h"

#include <algorithm>
#include <cstdio>

namespace monban::host::domain {

namespace {

constexpr int kValueBits = 56;
constexpr uint64_t kValueMask = (uint64_t{1} << kValueBits) - 1;

uint64_t fnv1a(std::string_view text) {
  uint64_t hash = 14695981039346656037ULL;
  for (char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ULL;
  }
  return hash;
}

}  // namespace

int64_t historyTerm(HistoryTermTag tag, int64_t value) {
  return static_cast<int64_t>((static_cast<uint64_t>(tag) << kValueBits) | (static_cast<uint64_t>(value) & kValueMask));
}

int64_t historyTextTerm(HistoryTermTag tag, std::string_view text) {
  return historyTerm(tag, static_cast<int64_t>(fnv1a(text) & kValueMask));
}

int affiliationPathDepth(std::string_view path) {
  int depth = 0;
  std::size_t start = 0;
  while (start < path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    if (end > start) ++depth;
    start = end + 1;
  }
  return depth;
}

std::string_view affiliationPathPrefix(std::string_view path, int depth) {
  int seen = 0;
  std::size_t start = 0;
  while (start < path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) return path;
    if (end > start && ++seen == depth) return path.substr(0, end + 1);
    start = end + 1;
  }
  return path;
}

void historyTerms(HistoryKind kind, std::optional<int64_t> gateId, std::optional<int64_t> groupId,
                  std::string_view affiliationPath, std::string_view userId, std::string_view code,
                  std::vector<int64_t>& terms) {
  terms.clear();
  // Access events are the bulk of history: searches never ask for them by term.
  if (kind != HistoryKind::Access) terms.push_back(historyTerm(HistoryTermTag::Kind, static_cast<int64_t>(kind)));
  if (gateId) terms.push_back(historyTerm(HistoryTermTag::Gate, *gateId));
  if (groupId) terms.push_back(historyTerm(HistoryTermTag::Group, *groupId));
  if (!affiliationPath.empty()) {
    terms.push_back(historyTextTerm(HistoryTermTag::Affiliation, affiliationPath));
    const int depth = std::min(affiliationPathDepth(affiliationPath) - 1, kHistoryPrefixTermDepth);
    for (int d = 1; d <= depth; ++d)
      terms.push_back(historyTextTerm(HistoryTermTag::Affiliation, affiliationPathPrefix(affiliationPath, d)));
  }
  if (!userId.empty()) terms.push_back(historyTextTerm(HistoryTermTag::User, userId));
  terms.push_back(historyTextTerm(HistoryTermTag::Code, code));
}

namespace {

void appendWord(int64_t term, std::string& out) {
  static const char* tags = "?kgmauc";
  static const char* digits = "0123456789abcdef";
  const auto bits = static_cast<uint64_t>(term);
  const auto tag = static_cast<std::size_t>(bits >> kValueBits);
  out += tag < 7 ? tags[tag] : '?';
  uint64_t value = bits & kValueMask;
  char buffer[16];
  int n = 0;
  do {
    buffer[n++] = digits[value & 0xF];
    value >>= 4;
  } while (value != 0);
  while (n > 0) out += buffer[--n];
}

}  // namespace

std::string historyTermWord(int64_t term) {
  std::string word;
  appendWord(term, word);
  return word;
}

void appendHistoryTermsText(const std::vector<int64_t>& terms, std::string& out) {
  for (std::size_t i = 0; i < terms.size(); ++i) {
    if (i > 0) out += ' ';
    appendWord(terms[i], out);
  }
}

void appendHistoryTermsArray(const std::vector<int64_t>& terms, std::string& out) {
  out += '{';
  char buffer[24];
  for (std::size_t i = 0; i < terms.size(); ++i) {
    if (i > 0) out += ',';
    const int n = std::snprintf(buffer, sizeof(buffer), "%lld", static_cast<long long>(terms[i]));
    out.append(buffer, static_cast<std::size_t>(n));
  }
  out += '}';
}

}  // namespace monban::host::domain
