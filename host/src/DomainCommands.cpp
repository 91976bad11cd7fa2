#include "monban/host/DomainCommands.h"

#include <sodium.h>

#include <unistd.h>

#include <fstream>
#include <iterator>
#include <sstream>

#include "monban/host/domain/CsvWriter.h"
#include "monban/host/domain/DomainError.h"

namespace monban::host {

namespace {

constexpr int kUsage = 64;
constexpr int kDataError = 65;
constexpr int kNoPermission = 77;

/// A progress bar on stderr when it is a terminal; nothing otherwise (logs stay clean).
std::function<void(std::size_t, std::size_t)> progressBar(std::ostream& err) {
  if (!isatty(STDERR_FILENO)) return {};
  return [&err](std::size_t done, std::size_t total) {
    const std::size_t width = 40;
    const std::size_t filled = total == 0 ? width : done * width / total;
    err << "\r[" << std::string(filled, '#') << std::string(width - filled, ' ') << "] " << done << "/" << total
        << " rows" << (done == total ? "\n" : "") << std::flush;
  };
}

int printReport(const domain::ImportReport& report, const DataCommandOptions& options, std::ostream& out,
                std::ostream& err) {
  for (const auto& row : report.rows) {
    if (row.outcome != domain::ImportRowResult::Outcome::Failed) continue;
    for (const auto& p : row.problems)
      err << "line " << row.line << (p.field.empty() ? "" : ", column " + p.field)
          << (p.value.empty() ? "" : ", value '" + p.value + "'") << ": " << p.reason << "\n";
  }
  if (!options.results_file.empty()) {
    std::ofstream file(options.results_file, std::ios::binary);
    domain::CsvWriter csv(file);
    csv.row({"line", "key", "outcome", "column", "value", "reason"});
    for (const auto& row : report.rows) {
      if (row.problems.empty()) {
        csv.row({std::to_string(row.line), row.key, domain::toString(row.outcome), "", "", ""});
        continue;
      }
      for (const auto& p : row.problems)
        csv.row({std::to_string(row.line), row.key, domain::toString(row.outcome), p.field, p.value, p.reason});
    }
    if (!file) {
      err << "cannot write " << options.results_file << "\n";
      return kDataError;
    }
  }
  out << (report.dry_run ? "dry run: " : "") << report.added << " added, " << report.changed << " changed, "
      << report.deleted << " deleted, " << report.failed << " failed; "
      << (report.applied   ? "applied"
          : report.dry_run ? "nothing changed (dry run)"
                           : "nothing changed (--strict)")
      << "\n";
  return report.failed > 0 ? kDataError : 0;
}

}  // namespace

int runDataCommand(const std::vector<std::string>& args, const DataCommandOptions& options, domain::Domain& domain,
                   const std::string& actorName, std::ostream& out, std::ostream& err) {
  if (args.size() != 3 || (args[0] != "users" && args[0] != "affiliations") ||
      (args[1] != "import" && args[1] != "export")) {
    err << "usage: monban users|affiliations import|export FILE\n";
    return kUsage;
  }
  const bool users = args[0] == "users";
  const std::string& file = args[2];
  const domain::Actor actor = domain::Actor::system(actorName);
  try {
    if (args[1] == "import") {
      std::ifstream in(file, std::ios::binary);
      if (!in) {
        err << "cannot read " << file << "\n";
        return kDataError;
      }
      const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      domain::ImportOptions importOptions;
      importOptions.dry_run = options.dry_run;
      importOptions.strict = options.strict;
      importOptions.encoding = domain::textEncodingFromName(options.encoding);
      importOptions.source = file;
      importOptions.progress = progressBar(err);
      const auto report = users ? domain.userImport().run(actor, bytes, importOptions)
                                : domain.affiliationImport().run(actor, bytes, importOptions);
      return printReport(report, options, out, err);
    }
    const domain::TextEncoding encoding =
        options.encoding == "auto" ? domain::TextEncoding::Utf8 : domain::textEncodingFromName(options.encoding);
    std::ofstream target(file, std::ios::binary | std::ios::trunc);
    if (!target) {
      err << "cannot write " << file << "\n";
      return kDataError;
    }
    const int64_t written = users ? domain.userExport().run(actor, target, encoding)
                                  : domain.affiliationExport().run(actor, target, encoding);
    target.close();
    if (!target) {
      err << "cannot write " << file << "\n";
      return kDataError;
    }
    out << written << (users ? " access users" : " affiliations") << " written to " << file << "\n";
    return 0;
  } catch (const domain::DomainError& e) {
    err << file << ": " << e.what() << "\n";
    return e.code() == "forbidden" ? kNoPermission : kDataError;
  }
}

namespace {

/// 20 characters from an alphabet without look-alikes (0/O, 1/l/I): about 116 bits.
std::string oneTimePassword() {
  static const std::string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  std::string out;
  for (int i = 0; i < 20; ++i) out += alphabet[randombytes_uniform(static_cast<uint32_t>(alphabet.size()))];
  return out;
}

}  // namespace

int runOperatorCommand(const std::vector<std::string>& args, domain::Domain& domain, const std::string& actorName,
                       std::ostream& out, std::ostream& err) {
  if (args.size() < 2 || args.size() > 3 || args[1] != "bootstrap") {
    err << "usage: monban operators bootstrap [LOGIN]\n";
    return kUsage;
  }
  const std::string login = args.size() == 3 ? args[2] : "admin";
  const std::string password = oneTimePassword();
  try {
    domain.operators().bootstrap(domain::Actor::system(actorName), login, password);
  } catch (const domain::DomainError& e) {
    err << "cannot create the first administrator: " << e.what() << "\n";
    return e.code() == "conflict" ? kDataError : kUsage;
  }
  out << "first administrator created\n"
      << "  login ID:           " << login << "\n"
      << "  one-time password:  " << password << "\n"
      << "It must be changed at the first sign-in; it is not stored anywhere in clear.\n";
  return 0;
}

}  // namespace monban::host
