#include "ImportJobs.h"

#include <Poco/JSON/Object.h>

#include "Json.h"
#include "SessionStore.h"

namespace monban::web {

std::optional<std::string> ImportJobs::start(const std::string& kind, const std::string& method, int64_t operatorId,
                                             std::string request) {
  std::lock_guard lock(mutex_);
  const int64_t now = now_ms_();
  std::size_t running = 0;
  for (const auto& [id, job] : jobs_) running += job.state == "running";
  if (running >= max_running_) return std::nullopt;
  for (auto it = threads_.begin(); it != threads_.end();) {
    if (jobs_[it->first].state == "running") {
      ++it;
      continue;
    }
    it->second.join();  // finished: it set its state and let go of the lock
    it = threads_.erase(it);
  }
  std::erase_if(jobs_,
                [&](const auto& e) { return e.second.state != "running" && now - e.second.started_ms > 3600000; });
  ImportJob job;
  job.id = randomToken(16);
  job.kind = kind;
  job.operator_id = operatorId;
  job.started_ms = now;
  jobs_.emplace(job.id, job);
  threads_.emplace(job.id, std::thread([this, id = job.id, method, operatorId, body = std::move(request)] {
                     run(id, method, operatorId, body);
                   }));
  return job.id;
}

void ImportJobs::run(const std::string& id, const std::string& method, int64_t operatorId, const std::string& request) {
  auto progress = [&](std::string_view json) {
    try {
      auto object = parseJsonObject(std::string(json));
      std::lock_guard lock(mutex_);
      ImportJob& job = jobs_[id];
      job.done = object->getValue<int64_t>("done");
      job.total = object->getValue<int64_t>("total");
    } catch (const Poco::Exception&) {
      // Progress is a courtesy; the final report is what counts.
    }
  };
  DomainReply reply = domain_.call(method, operatorId, request, {}, progress);
  std::lock_guard lock(mutex_);
  ImportJob& job = jobs_[id];
  job.state = reply.ok() ? "done" : "failed";
  (reply.ok() ? job.report_json : job.error_json) = std::move(reply.json);
  if (reply.ok()) job.done = job.total;
}

std::optional<ImportJob> ImportJobs::get(const std::string& id, int64_t operatorId) {
  std::lock_guard lock(mutex_);
  auto it = jobs_.find(id);
  if (it == jobs_.end() || it->second.operator_id != operatorId) return std::nullopt;
  return it->second;
}

void ImportJobs::stop() {
  std::map<std::string, std::thread> threads;
  {
    std::lock_guard lock(mutex_);
    threads.swap(threads_);
  }
  for (auto& [id, t] : threads)
    if (t.joinable()) t.join();
}

}  // namespace monban::web
