#include "monban/host/MonbanApplication.h"

#include <iomanip>
#include <iostream>

#include <Poco/AutoPtr.h>
#include <Poco/ConsoleChannel.h>
#include <Poco/FileChannel.h>
#include <Poco/FormattingChannel.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Logger.h>
#include <Poco/PatternFormatter.h>
#include <Poco/Util/HelpFormatter.h>
#include <Poco/Util/Option.h>
#include <Poco/Util/OptionSet.h>

#include <monban/sdk/abi.h>

#include "ServerApiClient.h"
#include "monban/host/ChangeForwarder.h"
#include "monban/host/Clock.h"
#include "monban/host/ControlChannel.h"
#include "monban/host/DomainCommands.h"
#include "monban/host/GateCommands.h"
#include "monban/host/HistoryCommands.h"
#include "monban/host/HostError.h"
#include "monban/host/HostRuntime.h"
#include "monban/host/Migrator.h"
#include "monban/host/PluginManifest.h"
#include "monban/host/ScheduleCommands.h"

#ifndef MONBAN_VERSION
#define MONBAN_VERSION "0.0.0"
#endif

namespace monban::host {

using Poco::Util::Option;

void MonbanApplication::defineOptions(Poco::Util::OptionSet& options) {
  ServerApplication::defineOptions(options);
  options.addOption(Option("help", "h", "show help for the command").required(false).repeatable(false));
  options.addOption(Option("version", "V", "print the version").required(false).repeatable(false));
  options.addOption(Option("config-dir", "c", "config directory (default: ./config)")
                        .required(false)
                        .repeatable(false)
                        .argument("DIR"));
  options.addOption(Option("json", "j", "print JSON").required(false).repeatable(false));
  options.addOption(
      Option("dry-run", "n", "import: check every row, change nothing").required(false).repeatable(false));
  options.addOption(Option("strict", "s", "import: apply nothing when a row fails").required(false).repeatable(false));
  options.addOption(Option("encoding", "e", "import: auto, utf-8 or shift_jis; export: utf-8 or shift_jis")
                        .required(false)
                        .repeatable(false)
                        .argument("ENC"));
  options.addOption(Option("from", "", "history export: from this local time (ISO 8601)")
                        .required(false)
                        .repeatable(false)
                        .argument("TIME"));
  options.addOption(Option("to", "", "history export: until this local time (ISO 8601)")
                        .required(false)
                        .repeatable(false)
                        .argument("TIME"));
  options.addOption(Option("kind", "", "history export: access, alarm, gate_operation or gate_management")
                        .required(false)
                        .repeatable(true)
                        .argument("KIND"));
  options.addOption(Option("results", "r", "import: write every row's result to this CSV file")
                        .required(false)
                        .repeatable(false)
                        .argument("FILE"));
  options.addOption(Option("repair", "", "gates verify: repair the drift found").required(false).repeatable(false));
  options.addOption(Option("pin", "", "gates explain: the PIN keyed with the card")
                        .required(false)
                        .repeatable(false)
                        .argument("PIN"));
  options.addOption(
      Option("exit", "", "gates explain: at the exit reader (default: entry)").required(false).repeatable(false));
}

void MonbanApplication::handleOption(const std::string& name, const std::string& value) {
  ServerApplication::handleOption(name, value);
  if (name == "help") help_ = true;
  if (name == "version") version_ = true;
  if (name == "config-dir") config_dir_ = value;
  if (name == "json") json_ = true;
  if (name == "dry-run") dry_run_ = true;
  if (name == "strict") strict_ = true;
  if (name == "encoding") encoding_ = value;
  if (name == "results") results_file_ = value;
  if (name == "repair") gate_options_.repair = true;
  if (name == "pin") gate_options_.pin = value;
  if (name == "exit") gate_options_.exit_reader = true;
  if (name == "from" || name == "to" || name == "kind")
    history_options_.insert(history_options_.end(), {"--" + name, value});
}

void MonbanApplication::printHelp(const std::string& command) const {
  if (command == "serve") {
    std::cout << "usage: monban serve [--config-dir DIR]\n\n"
                 "Runs the host: opens and migrates the database, loads and starts the plugins, and\n"
                 "serves until SIGINT or SIGTERM. Reads DIR/monban.ini and DIR/plugins/<id>.ini.\n";
  } else if (command == "plugins") {
    std::cout << "usage: monban plugins list [--json] [--config-dir DIR]\n\n"
                 "Lists plugins with version, state and failure reason. Asks the running host; when none\n"
                 "runs, checks the installed plugins without starting them.\n";
  } else if (command == "db") {
    std::cout << "usage: monban db migrate [--config-dir DIR]\n\n"
                 "Creates or upgrades the host's database schema and prints every applied migration.\n"
                 "Plugins apply their own migrations when the host starts them.\n";
  } else if (command == "config") {
    std::cout << "usage: monban config check [--config-dir DIR]\n\n"
                 "Validates monban.ini and every plugin's config file without starting anything; prints\n"
                 "each problem with its file and key and exits non-zero when there is one.\n";
  } else if (command == "history") {
    std::cout << "usage: monban history purge\n"
                 "       monban history export FILE|- [--from TIME] [--to TIME] [--kind KIND]...\n\n"
                 "purge deletes access, alarm and gate history older than 1,100 days and system-log entries\n"
                 "older than 400 days. export writes matching history as CSV (local ISO 8601 times);\n"
                 "KIND is access, alarm, gate_operation or gate_management.\n";
  } else if (command == "operators") {
    std::cout << "usage: monban operators bootstrap [LOGIN]\n\n"
                 "Creates the first system administrator (login ID admin unless LOGIN is given) with a\n"
                 "generated one-time password, printed once, to be changed at the first sign-in. Refused\n"
                 "once any operator exists; there is no default account.\n";
  } else if (command == "schedule") {
    std::cout << "usage: monban schedule at GATE [YYYY-MM-DDTHH:MM]\n\n"
                 "Prints the effective door mode of GATE (code or id) at the given server local time\n"
                 "(default now): the date kind and where it comes from, the calendar, the schedule band,\n"
                 "the door mode, the passable levels and the verification mode, as controllers enforce it.\n";
  } else if (command == "gates") {
    std::cout << "usage: monban gates add CODE NAME ADDRESS GROUP\n"
                 "       monban gates verify [--repair] [GATE...]\n"
                 "       monban gates explain GATE CARD [YYYY-MM-DDTHH:MM] [--pin PIN] [--exit]\n"
                 "       monban gates parameters GATE\n"
                 "       monban gates adopt-parameters GATE\n\n"
                 "add: adds a gate whose door controller answers at ADDRESS (IP[:port], port 11000 by\n"
                 "default) to the management group with code GROUP, creating the group when missing.\n"
                 "verify: the running server compares each controller's tables (of the GATEs, default\n"
                 "all) with the database and reports drift per controller; --repair sends what differs.\n"
                 "Exit status 1 when a controller is not in step or did not answer.\n"
                 "explain: would CARD open GATE at that local time (default now), and why; exit status 1\n"
                 "when it would not.\n"
                 "parameters: reads the gate and IC-card parameters GATE's controller holds and compares\n"
                 "them with what the server sends; exit status 1 when a field differs.\n"
                 "adopt-parameters: the unlock mode, verification mode and reader names the controller\n"
                 "holds become the gate's own (controller to server).\n"
                 "All but add act through the running server's API as the operator whose login\n"
                 "and password are in MONBAN_LOGIN and MONBAN_PASSWORD (its rights, scope and audit\n"
                 "apply). Commands and transfers are in the web UI and the API (docs/gate.md).\n";
  } else if (command == "users" || command == "affiliations") {
    std::cout << "usage: monban " << command
              << " import FILE [--dry-run] [--strict] [--encoding ENC] [--results FILE]\n"
              << "       monban " << command << " export FILE [--encoding utf-8|shift_jis]\n\n"
              << "Imports or exports " << (command == "users" ? "access users" : "affiliations")
              << " as CSV (format: docs/csv-formats.md), as the local administrator.\n"
                 "Import checks every row and applies the valid ones in one transaction; each failed row is\n"
                 "printed with its line, column, value and reason. --dry-run changes nothing; --strict applies\n"
                 "nothing when any row fails. Input may be UTF-8 or Shift_JIS (auto-detected).\n"
                 "Exit status: 0 all rows applied, 65 a row or the file was refused.\n";
  } else {
    std::cout << "usage: monban COMMAND [--config-dir DIR]\n\n"
                 "commands:\n"
                 "  serve          run the host\n"
                 "  plugins list   plugins with version, state and reason (--json)\n"
                 "  db migrate     create or upgrade the database schema\n"
                 "  config check   validate the configuration\n"
                 "  users import|export FILE         access users as CSV\n"
                 "  affiliations import|export FILE  affiliations as CSV\n"
                 "  history purge|export             history retention and CSV export\n"
                 "  operators bootstrap [LOGIN]      create the first administrator\n"
                 "  schedule at GATE [TIME]          a gate's effective door mode at a local time\n"
                 "  gates add|verify|explain         gates; controller drift; would a card open a gate\n\n"
                 "options:\n"
                 "  --config-dir DIR  config directory (default: ./config)\n"
                 "  --version         print the version\n"
                 "  --help            help; `monban COMMAND --help` for a command\n";
  }
}

void MonbanApplication::setUpLogging(const std::string& level, const std::string& file) const {
  Poco::AutoPtr<Poco::PatternFormatter> formatter(new Poco::PatternFormatter("%Y-%m-%d %H:%M:%S.%i %p %s: %t"));
  formatter->setProperty("times", "local");
  Poco::AutoPtr<Poco::Channel> sink;
  if (file.empty()) {
    sink = new Poco::ConsoleChannel(std::cerr);
  } else {
    Poco::AutoPtr<Poco::FileChannel> fileChannel(new Poco::FileChannel(file));
    fileChannel->setProperty("rotation", "10 M");
    fileChannel->setProperty("archive", "timestamp");
    fileChannel->setProperty("purgeCount", "10");
    sink = fileChannel;
  }
  Poco::AutoPtr<Poco::FormattingChannel> channel(new Poco::FormattingChannel(formatter, sink));
  Poco::Logger::root().setChannel(channel);
  Poco::Logger::setLevel("", Poco::Logger::parseLevel(level));
}

int MonbanApplication::main(const std::vector<std::string>& args) {
  const std::string command = args.empty() ? "" : args[0];
  const std::string sub = args.size() > 1 ? args[1] : "";
  if (version_) {
    std::cout << "monban " << MONBAN_VERSION << " (SDK " << MONBAN_SDK_VERSION << ", ABI " << MONBAN_SDK_ABI_MAJOR
              << "." << MONBAN_SDK_ABI_MINOR << ")\n";
    return EXIT_OK;
  }
  if (help_) {
    printHelp(command);
    return EXIT_OK;
  }
  try {
    if (command == "serve" && args.size() == 1) return serve();
    if (command == "plugins" && sub == "list" && args.size() == 2) return pluginsList();
    if (command == "db" && sub == "migrate" && args.size() == 2) return dbMigrate();
    if (command == "config" && sub == "check" && args.size() == 2) return configCheck();
    if (command == "users" || command == "affiliations" || command == "history" || command == "operators" ||
        command == "schedule" || command == "gates")
      return dataCommand(args);
  } catch (const ConfigError& e) {
    std::cerr << "configuration error:\n" << e.what() << "\n";
    return EXIT_CONFIG;
  } catch (const DatabaseError& e) {
    std::cerr << "database error: " << e.what() << "\n";
    return EXIT_UNAVAILABLE;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return EXIT_SOFTWARE;
  }
  if (!command.empty()) {
    std::string given;
    for (const auto& a : args) given += (given.empty() ? "" : " ") + a;
    std::cerr << "unknown command '" << given << "'\n\n";
  }
  printHelp("");
  return EXIT_USAGE;
}

int MonbanApplication::serve() {
  const HostSettings settings = loadHostSettings(config_dir_);
  // Before the database or any plugin is touched: a second host must change nothing.
  if (askRunningHost(settings.control_socket, "ping"))
    throw HostError("another Monban host is already running (control socket " + settings.control_socket.string() + ")");
  std::filesystem::create_directories(settings.data_dir);
  setUpLogging(settings.log_level, settings.log_file.string());
  Poco::Logger& log = Poco::Logger::get("host");
  log.information("Monban %s starting; config %s; data %s", std::string(MONBAN_VERSION), settings.config_dir.string(),
                  settings.data_dir.string());
  SystemClock clock;
  HostRuntime runtime(settings, clock, true);
  runtime.start();
  ControlServer control(settings.control_socket, [&](const std::string& request) -> std::string {
    if (request == "plugins") return runtime.pluginsJson();
    if (request == "health") return runtime.healthJson();
    if (request == "ping") return "{\"pong\":true}";
    // A domain change made by a command-line process beside this host (ChangeForwarder).
    if (const auto change = parsePublishRequest(request); change && runtime.domain() != nullptr) {
      runtime.domain()->context().publish(change->first, change->second);
      return "{\"published\":true}";
    }
    return "{\"error\":\"unknown request\"}";
  });
  int running = 0;
  int failed = 0;
  for (const PluginInfo& p : runtime.plugins().list()) {
    running += p.state == PluginState::Running;
    failed += p.state == PluginState::Failed;
  }
  log.information("Monban running: %d plugin(s) running, %d failed; control socket %s", running, failed,
                  settings.control_socket.string());
  waitForTerminationRequest();
  log.information("stopping");
  runtime.stop();
  log.information("stopped");
  return EXIT_OK;
}

namespace {

void printPluginTable(const std::string& json) {
  Poco::JSON::Array::Ptr plugins = Poco::JSON::Parser().parse(json).extract<Poco::JSON::Array::Ptr>();
  std::cout << std::left << std::setw(24) << "ID" << std::setw(10) << "VERSION" << std::setw(12) << "STATE"
            << "REASON\n";
  for (std::size_t i = 0; i < plugins->size(); ++i) {
    Poco::JSON::Object::Ptr p = plugins->getObject(static_cast<unsigned>(i));
    std::cout << std::left << std::setw(24) << p->getValue<std::string>("id") << std::setw(10)
              << p->getValue<std::string>("version") << std::setw(12) << p->getValue<std::string>("state")
              << p->getValue<std::string>("reason") << "\n";
  }
}

}  // namespace

int MonbanApplication::pluginsList() {
  const HostSettings settings = loadHostSettings(config_dir_);
  std::string json;
  if (auto reply = askRunningHost(settings.control_socket, "plugins")) {
    json = *reply;
  } else {
    setUpLogging("fatal", "");
    std::cerr << "no running host answers at " << settings.control_socket.string()
              << "; checking the installed plugins without starting them\n";
    SystemClock clock;
    HostRuntime runtime(settings, clock, false);
    runtime.inspect();
    json = runtime.pluginsJson();
  }
  if (json_)
    std::cout << json << "\n";
  else
    printPluginTable(json);
  return EXIT_OK;
}

int MonbanApplication::dbMigrate() {
  const HostSettings settings = loadHostSettings(config_dir_);
  setUpLogging("warning", "");
  SystemClock clock;
  HostRuntime runtime(settings, clock, true);  // applies the host migrations
  Migrator migrator(*runtime.database(), clock);
  std::cout << "database: " << settings.db_backend << " (" << dialectName(runtime.database()->dialect()) << ")\n";
  std::cout << std::left << std::setw(24) << "COMPONENT" << std::setw(9) << "VERSION"
            << "DESCRIPTION\n";
  for (const AppliedMigration& m : migrator.applied())
    std::cout << std::left << std::setw(24) << m.component << std::setw(9) << m.version << m.description << "\n";
  return EXIT_OK;
}

int MonbanApplication::dataCommand(const std::vector<std::string>& args) {
  const HostSettings settings = loadHostSettings(config_dir_);
  setUpLogging("warning", "");
  SystemClock clock;
  HostRuntime runtime(settings, clock, true);
  // What this command changes reaches a running host's plugins (the gate plugin's controllers).
  ChangeForwarder forwarder(runtime.events(), settings.control_socket);
  const char* user = std::getenv("USER");
  const std::string actor = std::string("cli:") + (user != nullptr ? user : "local");
  if (args[0] == "history") {
    std::vector<std::string> historyArgs = args;
    historyArgs.insert(historyArgs.end(), history_options_.begin(), history_options_.end());
    return runHistoryCommand(historyArgs, *runtime.database(), clock, std::cout, std::cerr);
  }
  if (args[0] == "operators") return runOperatorCommand(args, *runtime.domain(), actor, std::cout, std::cerr);
  if (args[0] == "schedule") return runScheduleCommand(args, *runtime.domain(), actor, std::cout, std::cerr);
  if (args[0] == "gates") {
    GateCommandOptions gateOptions = gate_options_;
    gateOptions.server = [settings] {
      return serverAccessFromConfig(settings.plugin_config_dir.string(), settings.data_dir.string());
    };
    return runGateCommand(args, *runtime.domain(), actor, gateOptions, std::cout, std::cerr);
  }
  DataCommandOptions options{dry_run_, strict_, encoding_, results_file_};
  return runDataCommand(args, options, *runtime.domain(), actor, std::cout, std::cerr);
}

int MonbanApplication::configCheck() {
  const HostSettings settings = loadHostSettings(config_dir_);
  setUpLogging("fatal", "");
  SystemClock clock;
  HostRuntime runtime(settings, clock, false);
  runtime.inspect();
  int problems = 0;
  for (const PluginInfo& p : runtime.plugins().list()) {
    if (p.state == PluginState::Failed) {
      std::cout << "plugin '" << p.id << "': " << p.reason << "\n";
      ++problems;
    }
  }
  for (const std::string& file : runtime.plugins().orphanConfigFiles()) {
    std::cout << file << ": no installed plugin has this id\n";
    ++problems;
  }
  if (problems > 0) {
    std::cout << problems << " problem(s) found\n";
    return EXIT_CONFIG;
  }
  std::cout << "configuration OK: " << settings.host_file.string() << " and " << runtime.plugins().list().size()
            << " plugin(s) in " << settings.plugin_dir.string() << "\n";
  return EXIT_OK;
}

}  // namespace monban::host
