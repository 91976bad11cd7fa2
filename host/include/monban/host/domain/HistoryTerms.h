#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "monban/host/domain/HistoryEvent.h"

namespace monban::host::domain {

/// Search terms: an inverted index over the selective columns of an event (kind, gate,
/// management group, affiliation path, user, code) finds the few rows a narrow search needs
/// without one B-tree index per column, each of which would slow ingestion. An event holds a
/// term for its affiliation path and for its ancestors down to kHistoryPrefixTermDepth, so a
/// large subtree is one term; a deeper subtree is found by the terms of the recorded paths
/// under it (history_affiliation_paths), which keeps the terms per event few. Access events
/// have no kind term: they are the bulk of history and never searched by it.
/// A term is a tag and a value in one integer. Terms only narrow a search; the columns are
/// always compared too, so a shared hash or a stale path never adds a wrong row. Changing
/// how terms are made needs a migration that rebuilds them.
enum class HistoryTermTag { Kind = 1, Gate, Group, Affiliation, User, Code };

/// Ancestors down to this depth have a term on every event under them.
inline constexpr int kHistoryPrefixTermDepth = 3;

/// The number of affiliations on a path: "/1/7/" is 2, "/" and "" are 0.
int affiliationPathDepth(std::string_view path);
/// The first `depth` affiliations of `path` ("/1/7/42/", 2 gives "/1/7/"); the path when shallower.
std::string_view affiliationPathPrefix(std::string_view path, int depth);

int64_t historyTerm(HistoryTermTag tag, int64_t value);
/// The term of a text value (user_id, code, affiliation path), by a stable 64-bit FNV-1a hash.
int64_t historyTextTerm(HistoryTermTag tag, std::string_view text);

/// The terms of one stored event into `terms`, from its stored column values (text as fitted
/// to its column).
void historyTerms(HistoryKind kind, std::optional<int64_t> gateId, std::optional<int64_t> groupId,
                  std::string_view affiliationPath, std::string_view userId, std::string_view code,
                  std::vector<int64_t>& terms);
inline std::vector<int64_t> historyTerms(const HistoryEvent& e) {
  std::vector<int64_t> terms;
  historyTerms(e.kind, e.gate_id, e.management_group_id, e.affiliation_path, e.user_id, e.code, terms);
  return terms;
}

/// SQLite full-text form: one word per term ("g3e8"), letters and hex digits only.
std::string historyTermWord(int64_t term);
/// Appends the words, space-separated, to `out`.
void appendHistoryTermsText(const std::vector<int64_t>& terms, std::string& out);
/// Appends the PostgreSQL array literal "{1,2,3}" to `out`.
void appendHistoryTermsArray(const std::vector<int64_t>& terms, std::string& out);

}  // namespace monban::host::domain
