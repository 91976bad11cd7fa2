#pragma once

#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace soci {
class session;
}
namespace sqlite_api {
struct sqlite3;  // as SOCI's SQLite backend declares it
}

namespace monban::host {

/// Copies the SQLite write-ahead log back into the database file on a thread of its own, so the
/// session that commits does not (SQLite's automatic checkpoint runs in the committing session,
/// and under a stream of events it was an eighth of the ingestion thread's time). Attached
/// sessions report each commit's log size; from kStartPages the thread checkpoints, and a log
/// that still outgrows kInlinePages (writes faster than the thread copies) is checkpointed by the
/// committing session itself, as before, which bounds the log. The start threshold is four times
/// SQLite's own (1,000 pages): a page changed by several commits is then copied once, not each
/// time, which measured faster under the event stream than checkpointing as often as SQLite does.
class WalCheckpointer {
public:
  static constexpr int kStartPages = 4000;    ///< about 16 MB of log at 4 KiB pages
  static constexpr int kInlinePages = 64000;  ///< about 256 MB of log at 4 KiB pages

  /// Opens a connection of its own to the database file at `path`.
  WalCheckpointer(const std::string& path, int busyTimeoutMs);
  ~WalCheckpointer();
  WalCheckpointer(const WalCheckpointer&) = delete;
  WalCheckpointer& operator=(const WalCheckpointer&) = delete;

  /// Takes over `session`'s checkpoints (replaces its automatic checkpoint).
  void attach(soci::session& session);

private:
  static int onCommit(void* self, sqlite_api::sqlite3* session, const char* database, int pages);
  void run();

  sqlite_api::sqlite3* connection_ = nullptr;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool pending_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace monban::host
