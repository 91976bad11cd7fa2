#pragma once

#include <string>
#include <vector>

#include <Poco/Util/ServerApplication.h>

#include "monban/host/GateCommands.h"

namespace monban::host {

/// The `monban` command: `serve` runs the host; the other sub-commands inspect and prepare.
class MonbanApplication final : public Poco::Util::ServerApplication {
protected:
  void defineOptions(Poco::Util::OptionSet& options) override;
  void handleOption(const std::string& name, const std::string& value) override;
  int main(const std::vector<std::string>& args) override;

private:
  int serve();
  int pluginsList();
  int dbMigrate();
  int configCheck();
  int dataCommand(const std::vector<std::string>& args);
  void printHelp(const std::string& command) const;
  void setUpLogging(const std::string& level, const std::string& file) const;

  bool help_ = false;
  bool version_ = false;
  bool json_ = false;
  bool dry_run_ = false;
  bool strict_ = false;
  std::string encoding_ = "auto";
  std::string results_file_;
  GateCommandOptions gate_options_;           ///< --repair/--pin/--exit of `monban gates`
  std::vector<std::string> history_options_;  ///< --from/--to/--kind, passed on to the history command
  std::string config_dir_ = "config";
};

}  // namespace monban::host
