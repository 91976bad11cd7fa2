#pragma once

#include "monban/host/Migrator.h"
#include "monban/host/domain/AccessUserService.h"
#include "monban/host/domain/AffiliationCsv.h"
#include "monban/host/domain/AffiliationService.h"
#include "monban/host/domain/CalendarService.h"
#include "monban/host/domain/ChangeLog.h"
#include "monban/host/domain/DeviceReports.h"
#include "monban/host/domain/DomainContext.h"
#include "monban/host/domain/GateService.h"
#include "monban/host/domain/HistoryStore.h"
#include "monban/host/domain/OperatorService.h"
#include "monban/host/domain/UserCsv.h"

namespace monban::host::domain {

/// The access-control domain the host owns (SPEC section 3): every service over one database.
class Domain {
public:
  Domain(Database& database, const Clock& clock, EventBus* bus, DomainLimits limits = {})
      : context_{database, clock, bus, limits} {}
  Domain(const Domain&) = delete;
  Domain& operator=(const Domain&) = delete;

  /// Creates or upgrades the domain's schema (components "domain" and "history").
  static void migrate(Migrator& migrator, Dialect dialect);

  DomainContext& context() { return context_; }
  GateService& gates() { return gates_; }
  AffiliationService& affiliations() { return affiliations_; }
  AccessUserService& users() { return users_; }
  OperatorService& operators() { return operators_; }
  CalendarService& calendars() { return calendars_; }
  ChangeLog& log() { return log_; }
  HistoryStore& history() { return history_; }
  DeviceEventFacts& deviceEventFacts() { return device_event_facts_; }
  UserCsvImport& userImport() { return user_import_; }
  UserCsvExport& userExport() { return user_export_; }
  AffiliationCsvImport& affiliationImport() { return affiliation_import_; }
  AffiliationCsvExport& affiliationExport() { return affiliation_export_; }

private:
  DomainContext context_;
  GateService gates_{context_};
  AffiliationService affiliations_{context_};
  AccessUserService users_{context_};
  OperatorService operators_{context_};
  CalendarService calendars_{context_};
  ChangeLog log_{context_};
  HistoryStore history_{context_.db, context_.clock, context_.bus};
  DeviceEventFacts device_event_facts_;
  UserCsvImport user_import_{context_};
  UserCsvExport user_export_{context_};
  AffiliationCsvImport affiliation_import_{context_};
  AffiliationCsvExport affiliation_export_{context_};
};

}  // namespace monban::host::domain
