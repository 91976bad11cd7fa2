#include "monban/host/ScheduleCommands.h"

#include "monban/access/LocalTime.h"
#include "monban/host/GateLookup.h"
#include "monban/host/domain/DomainError.h"

namespace monban::host {

namespace {

constexpr int kUsage = 64;
constexpr int kDataError = 65;

int usage(std::ostream& err) {
  err << "usage: monban schedule at GATE [YYYY-MM-DDTHH:MM]\n";
  return kUsage;
}

}  // namespace

int runScheduleCommand(const std::vector<std::string>& args, domain::Domain& d, const std::string& actorName,
                       std::ostream& out, std::ostream& err) {
  if (args.size() < 3 || args.size() > 4 || args[0] != "schedule" || args[1] != "at") return usage(err);
  const domain::Actor actor = domain::Actor::system(actorName);
  const std::optional<domain::Gate> gate = findGateFor("schedule at", d, actor, args[2], err);
  if (!gate) return kDataError;
  int64_t at = d.context().clock.nowMs();
  if (args.size() == 4) {
    const std::optional<int64_t> parsed = access::parseLocalDateTime(args[3]);
    if (!parsed) {
      err << "schedule at: '" << args[3] << "' is not a local date and time YYYY-MM-DDTHH:MM[:SS]\n";
      return kDataError;
    }
    at = *parsed;
  }
  try {
    const domain::GateModeAnswer a = d.calendars().modeAt(actor, gate->id, at);
    out << "gate:              " << gate->code << " (" << gate->name << ")\n"
        << "at:                " << access::formatLocalDateTime(at) << " (server local time)\n"
        << "date kind:         " << a.mode.date_kind.date_kind_id << " (" << access::toString(a.mode.date_kind.source)
        << " rule of calendar " << a.calendar_id << ")\n"
        << "schedule:          " << (a.schedule_id ? std::to_string(*a.schedule_id) : std::string("none")) << "\n"
        << "band:              "
        << (a.mode.band ? access::formatMinuteOfDay(a.mode.band->start_minute) + "-" +
                              access::formatMinuteOfDay(a.mode.band->end_minute)
                        : std::string("none"))
        << "\n"
        << "door mode:         " << access::toString(a.mode.door_mode) << "\n"
        << "passable levels:   1-" << a.mode.passable_level << "\n"
        << "verification mode: " << a.mode.verification_mode << "\n"
        << "why:               " << a.mode.reason << "\n";
    return 0;
  } catch (const domain::DomainError& e) {
    err << "schedule at: " << e.what() << "\n";
    return kDataError;
  }
}

}  // namespace monban::host
