#include "monban/host/HistoryCommands.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>

#include "monban/host/domain/DomainError.h"
#include "monban/host/domain/HistoryStore.h"
#include "monban/host/domain/HistoryTime.h"

namespace monban::host {

namespace {

constexpr int kUsage = 64;
constexpr int kBadInput = 65;

int usage(std::ostream& err) {
  err << "usage: monban history purge\n"
         "       monban history export FILE [--from TIME] [--to TIME] [--kind KIND]...\n"
         "TIME: 2025-04-01, 2025-04-01T09:30[:00][+09:00] (local time without an offset)\n"
         "KIND: access, alarm, gate_operation, gate_management (several: repeat or separate with commas)\n";
  return kUsage;
}

std::string actorName() {
  const char* user = std::getenv("USER");
  return std::string("cli:") + (user != nullptr && *user != '\0' ? user : "local");
}

/// Reads the export options into `query`; an error message naming the argument, empty when fine.
std::string readExportOptions(const std::vector<std::string>& args, std::size_t from, domain::HistoryQuery& query,
                              bool& usageError) {
  for (std::size_t i = from; i < args.size(); ++i) {
    const std::string& option = args[i];
    if (option != "--from" && option != "--to" && option != "--kind") {
      usageError = true;
      return "unknown option " + option;
    }
    if (i + 1 >= args.size()) {
      usageError = true;
      return option + " needs a value";
    }
    const std::string& value = args[++i];
    if (option == "--kind") {
      std::size_t start = 0;
      while (start <= value.size()) {
        const std::size_t comma = std::min(value.find(',', start), value.size());
        const std::string name = value.substr(start, comma - start);
        const auto kind = domain::historyKindFromString(name);
        if (!kind)
          return "--kind '" + name + "' is not a history kind (access, alarm, gate_operation, gate_management)";
        query.kinds.push_back(*kind);
        start = comma + 1;
      }
      continue;
    }
    const auto ms = domain::parseIsoTime(value);
    if (!ms) return option + " '" + value + "' is not a time like 2025-04-01 or 2025-04-01T09:30:00+09:00";
    (option == "--from" ? query.from_ms : query.to_ms) = *ms;
  }
  if (query.from_ms && query.to_ms && *query.from_ms >= *query.to_ms) return "--to must be after --from";
  return {};
}

int exportHistory(const std::vector<std::string>& args, domain::HistoryStore& store, std::ostream& out,
                  std::ostream& err) {
  if (args.size() < 3) return usage(err);
  const std::string& file = args[2];
  domain::HistoryQuery query;
  bool usageError = false;
  const std::string problem = readExportOptions(args, 3, query, usageError);
  if (!problem.empty()) {
    err << "history export: " << problem << "\n";
    return usageError ? usage(err) : kBadInput;
  }
  const domain::Actor actor = domain::Actor::system(actorName());
  if (file == "-") {
    store.exportCsv(actor, query, out);
    return 0;
  }
  // Written beside the target and renamed at the end, so FILE is never left half written.
  const std::filesystem::path target(file);
  const std::filesystem::path partial = target.string() + ".partial";
  {
    std::ofstream csv(partial, std::ios::binary | std::ios::trunc);
    if (!csv) {
      err << "history export: cannot write FILE " << file << "\n";
      return kBadInput;
    }
    try {
      store.exportCsv(actor, query, csv);
    } catch (...) {
      csv.close();
      std::error_code ignored;
      std::filesystem::remove(partial, ignored);
      throw;
    }
    if (!csv) {
      std::error_code ignored;
      std::filesystem::remove(partial, ignored);
      err << "history export: writing FILE " << file << " failed\n";
      return kBadInput;
    }
  }
  std::error_code ec;
  std::filesystem::rename(partial, target, ec);
  if (ec) {
    std::filesystem::remove(partial, ec);
    err << "history export: cannot write FILE " << file << ": " << ec.message() << "\n";
    return kBadInput;
  }
  return 0;
}

}  // namespace

int runHistoryCommand(const std::vector<std::string>& args, Database& db, const Clock& clock, std::ostream& out,
                      std::ostream& err) {
  if (args.size() < 2 || args[0] != "history") return usage(err);
  domain::HistoryStore store(db, clock, nullptr);
  try {
    if (args[1] == "purge") {
      if (args.size() != 2) return usage(err);
      const domain::PurgeResult purged = store.purge(clock.nowMs());
      out << "purged " << purged.history_events << " history events older than "
          << store.options().history_retention_days << " days and " << purged.system_log
          << " system log entries older than " << store.options().system_log_retention_days << " days\n";
      return 0;
    }
    if (args[1] == "export") return exportHistory(args, store, out, err);
  } catch (const domain::DomainError& e) {
    err << "history " << args[1] << ": " << e.what() << "\n";
    return kBadInput;
  }
  return usage(err);
}

}  // namespace monban::host
