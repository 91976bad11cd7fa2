#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "DomainClient.h"

namespace monban::web {

/// A CSV import running in the background, so the browser can show its progress.
struct ImportJob {
  std::string id;
  std::string kind;  ///< "users" or "affiliations"
  int64_t operator_id = 0;
  std::string state = "running";  ///< running, done, failed
  int64_t done = 0;
  int64_t total = 0;
  std::string report_json;  ///< the domain's report when done
  std::string error_json;   ///< the domain's error object when failed
  int64_t started_ms = 0;
};

/// Runs imports one thread each, at most `max_running` at once; keeps the last results for an
/// hour for the operator who started them.
class ImportJobs {
public:
  ImportJobs(const DomainClient& domain, std::function<int64_t()> nowMs, std::size_t maxRunning = 2)
      : domain_(domain), now_ms_(std::move(nowMs)), max_running_(maxRunning) {}
  ~ImportJobs() { stop(); }

  /// Starts `method` ("users.import") with `request`; nullopt when too many run already.
  std::optional<std::string> start(const std::string& kind, const std::string& method, int64_t operatorId,
                                   std::string request);
  /// The job as its operator sees it; nullopt for an unknown id or another operator's job.
  std::optional<ImportJob> get(const std::string& id, int64_t operatorId);
  /// Waits for the running jobs.
  void stop();

private:
  void run(const std::string& id, const std::string& method, int64_t operatorId, const std::string& request);

  const DomainClient& domain_;
  std::function<int64_t()> now_ms_;
  std::size_t max_running_;
  std::mutex mutex_;
  std::map<std::string, ImportJob> jobs_;
  std::map<std::string, std::thread> threads_;  ///< by job id; finished ones are joined at the next start
};

}  // namespace monban::web
