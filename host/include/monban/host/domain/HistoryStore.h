#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "monban/host/Clock.h"
#include "monban/host/Database.h"
#include "monban/host/EventBus.h"
#include "monban/host/domain/Actor.h"
#include "monban/host/domain/HistoryEvent.h"
#include "monban/host/domain/HistoryQuery.h"
#include "monban/host/domain/HistorySchema.h"
#include "monban/host/domain/HistorySearch.h"

namespace soci {
class session;
}

namespace monban::host::domain {

/// Retention (SPEC section 3) and purge batching.
struct HistoryStoreOptions {
  int history_retention_days = 1100;
  int system_log_retention_days = 400;
  int purge_batch_rows = 10000;  ///< rows deleted per transaction, so a big purge never holds one huge one
  /// A search reads the rows holding its terms when fewer than this many do, else scans in time
  /// order (see HistoryPlan); unset: historyTermPlanRows for the dialect and table. 0 always scans.
  std::optional<int64_t> term_plan_rows;
};

/// What one append committed.
struct AppendResult {
  int64_t stored = 0;
  int64_t duplicates = 0;  ///< already stored before, or repeated within the call
  /// Per controller, the highest sequence number of the call that is now committed (stored now
  /// or before): what the device driver may acknowledge.
  std::map<int64_t, int64_t> committed_seq;
  int64_t first_id = 0;  ///< ids of the rows stored by this call (0 when none)
  int64_t last_id = 0;
};

/// Rows deleted by a purge.
struct PurgeResult {
  int64_t history_events = 0;
  int64_t system_log = 0;
};

/// Access, alarm, gate-operation and gate-management history: batched deduplicating ingestion
/// from controllers, scoped keyset-paged search, CSV export and retention.
class HistoryStore {
public:
  HistoryStore(Database& database, const Clock& clock, EventBus* bus, HistoryStoreOptions options = {});

  /// Stores the events in one transaction. A (controller_id, event_seq) already stored, or
  /// repeated in `events`, is a duplicate: kept once, never an error. Events whose controller
  /// clock is more than 5 minutes off the receiving clock are flagged, never dropped. Text
  /// longer than its column is cut. Publishes "monban.history.appended" after the commit.
  /// Throws DomainError "invalid" for an event that breaks the rules of HistoryEvent, and
  /// DatabaseError when the commit fails; then nothing is stored.
  AppendResult append(const std::vector<HistoryEvent>& events);

  /// Records that a controller's events `firstLostSeq`..`lastLostSeq` were lost (see gapRecord).
  AppendResult appendGap(int64_t controllerId, int64_t firstLostSeq, int64_t lastLostSeq,
                         std::optional<int64_t> gateId = std::nullopt,
                         std::optional<int64_t> managementGroupId = std::nullopt);

  /// One page of the events matching `query` inside the actor's scope, newest first. Needs
  /// the History right at View ("forbidden"); a bad limit, cursor or range is "invalid"
  /// naming the field; an unknown affiliation is "not_found".
  HistoryPage query(const Actor& actor, const HistoryQuery& query);

  /// Writes every event matching `query` (all pages; its limit and cursor are ignored) as CSV
  /// with a header row, times in local ISO 8601 with offset.
  void exportCsv(const Actor& actor, const HistoryQuery& query, std::ostream& out);

  /// Deletes history events and system-log entries older than their retention at `nowMs`.
  PurgeResult purge(int64_t nowMs);

  const HistoryStoreOptions& options() const { return options_; }

private:
  /// Picks the plan of a page by counting the rows that hold its search terms; for the term
  /// plan, `termIds` names them.
  HistoryPlan choosePlan(soci::session& session, const HistoryConditions& conditions, std::string& termIds);
  /// Records the affiliation paths not yet in history_affiliation_paths, in the caller's
  /// transaction; returns them, for the cache once committed. Sorts `paths`.
  std::vector<std::string> recordPaths(soci::session& session, std::vector<std::string_view>& paths);
  /// Deletes the rows of `table` with `column` before `cutoffMs`, a batch per transaction.
  int64_t purgeOlder(const std::string& table, const std::string& column, int64_t cutoffMs);

  Database& database_;
  const Clock& clock_;
  EventBus* bus_;
  HistoryStoreOptions options_;
  struct PathHash {
    using is_transparent = void;  // looks paths up by string_view, without a copy
    std::size_t operator()(std::string_view path) const { return std::hash<std::string_view>{}(path); }
  };
  /// Affiliation paths known to be in history_affiliation_paths, so an append records only
  /// new ones. Filled after commits; appends may run on several threads.
  std::mutex paths_mutex_;
  bool paths_loaded_ = false;  ///< recorded_paths_ holds the table's paths as of the first append
  std::unordered_set<std::string, PathHash, std::equal_to<>> recorded_paths_;
};

}  // namespace monban::host::domain
