#include "monban/host/WalCheckpointer.h"

#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include "monban/host/HostError.h"

namespace monban::host {

using namespace sqlite_api;

WalCheckpointer::WalCheckpointer(const std::string& path, int busyTimeoutMs) {
  // A connection learns the log exists only when it first reads; until then a checkpoint does nothing.
  if (sqlite3_open_v2(path.c_str(), &connection_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK ||
      sqlite3_busy_timeout(connection_, busyTimeoutMs) != SQLITE_OK ||
      sqlite3_exec(connection_, "PRAGMA journal_mode=WAL", nullptr, nullptr, nullptr) != SQLITE_OK) {
    const std::string why = connection_ != nullptr ? sqlite3_errmsg(connection_) : "out of memory";
    sqlite3_close(connection_);
    throw DatabaseError("cannot open " + path + " for checkpoints: " + why);
  }
  thread_ = std::thread([this] { run(); });
}

WalCheckpointer::~WalCheckpointer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
  sqlite3_close(connection_);
}

void WalCheckpointer::attach(soci::session& session) {
  sqlite3_wal_hook(static_cast<soci::sqlite3_session_backend*>(session.get_backend())->conn_,
                   &WalCheckpointer::onCommit, this);
}

int WalCheckpointer::onCommit(void* self, sqlite_api::sqlite3* session, const char* database, int pages) {
  auto* checkpointer = static_cast<WalCheckpointer*>(self);
  if (pages >= kInlinePages) {
    // The thread is not keeping up: copy in this session, as SQLite's own checkpoint would.
    sqlite3_wal_checkpoint_v2(session, database, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
  } else if (pages >= kStartPages) {
    {
      std::lock_guard lock(checkpointer->mutex_);
      checkpointer->pending_ = true;
    }
    checkpointer->wake_.notify_one();
  }
  return SQLITE_OK;  // a failed checkpoint is retried at the next commit; it never fails one
}

void WalCheckpointer::run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return pending_ || stopping_; });
    if (stopping_) return;
    pending_ = false;
    lock.unlock();
    // Passive: copies what no reader still needs and never blocks a writer.
    sqlite3_wal_checkpoint_v2(connection_, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    lock.lock();
  }
}

}  // namespace monban::host
