#include "ApiRoutes.h"

#include "EventStream.h"
#include "OpenApi.h"
#include "SessionRoutes.h"
#include "TransferRoutes.h"
#include "WebContext.h"

namespace monban::web {

namespace {

/// Readers of management groups, gates and gate groups (the domain accepts any of these).
constexpr const char* kGateReaders = "gates|management_groups|access_users";
const std::vector<std::string> kPage{"limit", "cursor"};

std::vector<std::string> with(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

class Table {
public:
  explicit Table(Router& router) : router_(router) {}

  /// A route answered by one domain method.
  void domain(const char* method, const char* path, const char* domainMethod, const char* tag, const char* summary,
              const char* right, const char* level, std::vector<std::string> query = {}) {
    Route r = base(method, path, tag, summary, right, level, std::move(query));
    r.domain_method = domainMethod;
    if (r.method == "POST" && r.path.find('{') == std::string::npos &&
        r.domain_method.find(".create") != std::string::npos)
      r.success_status = 201;
    if (r.method == "DELETE" || r.domain_method.find("set_password") != std::string::npos) r.success_status = 204;
    router_.add(std::move(r));
  }

  /// A route answered by the web plugin itself.
  Route& custom(const char* method, const char* path, const char* tag, const char* summary, const char* right,
                const char* level, std::function<void(Exchange&)> handler, std::vector<std::string> query = {}) {
    pending_ = base(method, path, tag, summary, right, level, std::move(query));
    pending_.handler = std::move(handler);
    return pending_;
  }
  void commit() { router_.add(std::move(pending_)); }

private:
  static Route base(const char* method, const char* path, const char* tag, const char* summary, const char* right,
                    const char* level, std::vector<std::string> query) {
    Route r;
    r.method = method;
    r.path = path;
    r.tag = tag;
    r.summary = summary;
    r.right = right;
    r.level = level;
    r.query = std::move(query);
    r.body = (r.method == "POST" || r.method == "PUT") ? "json" : "";
    return r;
  }
  Router& router_;
  Route pending_;
};

}  // namespace

void addBuiltInRoutes(WebContext& web, const std::string& version) {
  Table t(web.router);

  // Session and first run.
  // Liveness for load balancers and monitors: answers without touching the database.
  auto& live = t.custom("GET", "/api/v1/live", "session", "The web server answers (no database access)", "", "",
                        [](Exchange& ex) { ex.sendJson(200, R"({"status":"alive"})"); });
  live.needs_session = false;
  t.commit();
  auto& health = t.custom("GET", "/api/v1/health", "session", "Host, database and plugin states", "", "", handleHealth);
  health.needs_session = false;
  t.commit();
  auto& setup = t.custom("GET", "/api/v1/setup", "session", "Whether the first administrator is still to be created",
                         "", "", handleSetupStatus);
  setup.needs_session = false;
  t.commit();
  auto& login = t.custom("POST", "/api/v1/session", "session", "Sign in", "", "", handleLogin);
  login.needs_session = false;
  t.commit();
  t.custom("GET", "/api/v1/session", "session", "The signed-in operator, its rights and the CSRF token", "", "",
           handleSessionInfo)
      .during_password_change = true;
  t.commit();
  t.custom("DELETE", "/api/v1/session", "session", "Sign out", "", "", handleLogout).during_password_change = true;
  t.commit();
  Route& password =
      t.custom("POST", "/api/v1/session/password", "session", "Change one's own password", "", "", handleOwnPassword);
  password.during_password_change = true;
  password.success_status = 204;
  t.commit();
  t.custom("GET", "/api/v1/events", "session", "Live updates (Server-Sent Events)", "", "", handleEventStream);
  t.commit();
  t.custom("GET", "/api/v1/openapi.json", "session", "This document", "", "",
           [&web, version](Exchange& ex) { ex.sendJson(200, openApiDocument(web.router, version)); });
  t.commit();

  // Management groups, gates, gate groups.
  t.domain("GET", "/api/v1/management-groups", "management_groups.list", "gates", "List management groups",
           kGateReaders, "view");
  t.domain("POST", "/api/v1/management-groups", "management_groups.create", "gates", "Create a management group",
           "management_groups", "edit");
  t.domain("GET", "/api/v1/management-groups/{id}", "management_groups.get", "gates", "Read a management group",
           kGateReaders, "view");
  t.domain("PUT", "/api/v1/management-groups/{id}", "management_groups.update", "gates", "Change a management group",
           "management_groups", "edit");
  t.domain("DELETE", "/api/v1/management-groups/{id}", "management_groups.delete", "gates",
           "Delete a management group (refused while gates belong to it)", "management_groups", "edit");
  t.domain("GET", "/api/v1/gates", "gates.list", "gates", "List gates", kGateReaders, "view",
           with({"management_group_id", "text"}, kPage));
  t.domain("POST", "/api/v1/gates", "gates.create", "gates", "Create a gate", "gates", "edit");
  t.domain("GET", "/api/v1/gates/{id}", "gates.get", "gates", "Read a gate", kGateReaders, "view");
  t.domain("PUT", "/api/v1/gates/{id}", "gates.update", "gates", "Change a gate", "gates", "edit");
  t.domain("DELETE", "/api/v1/gates/{id}", "gates.delete", "gates", "Delete a gate", "gates", "edit");
  t.domain("GET", "/api/v1/gate-groups", "gate_groups.list", "gates", "List gate groups", kGateReaders, "view");
  t.domain("POST", "/api/v1/gate-groups", "gate_groups.create", "gates", "Create a gate group", "gates", "edit");
  t.domain("GET", "/api/v1/gate-groups/{id}", "gate_groups.get", "gates", "Read a gate group", kGateReaders, "view");
  t.domain("PUT", "/api/v1/gate-groups/{id}", "gate_groups.update", "gates", "Change a gate group", "gates", "edit");
  t.domain("DELETE", "/api/v1/gate-groups/{id}", "gate_groups.delete", "gates", "Delete a gate group", "gates", "edit");

  // Affiliations.
  t.domain("GET", "/api/v1/affiliations", "affiliations.tree", "affiliations", "The visible affiliation tree",
           "affiliations|access_users", "view");
  t.domain("POST", "/api/v1/affiliations", "affiliations.create", "affiliations", "Create an affiliation",
           "affiliations", "edit");
  t.domain("GET", "/api/v1/affiliations/{id}", "affiliations.get", "affiliations", "Read an affiliation",
           "affiliations|access_users", "view");
  t.domain("PUT", "/api/v1/affiliations/{id}", "affiliations.update", "affiliations",
           "Rename an affiliation and/or move it with its subtree", "affiliations", "edit");
  t.domain("DELETE", "/api/v1/affiliations/{id}", "affiliations.delete", "affiliations",
           "Delete an affiliation (with_subtree=true for sub-units)", "affiliations", "edit", {"with_subtree"});
  Route& affImport =
      t.custom("POST", "/api/v1/affiliations/import", "affiliations", "Import affiliations from CSV (raw body)",
               "affiliations", "edit", [](Exchange& ex) { handleImport(ex, "affiliations", "affiliations.import"); },
               {"dry_run", "strict", "encoding"});
  affImport.body = "csv";
  affImport.success_status = 202;
  affImport.web_checks_right = true;
  t.commit();
  t.custom("GET", "/api/v1/affiliations/export", "affiliations", "Export affiliations as CSV", "affiliations", "view",
           [](Exchange& ex) { handleExport(ex, "affiliations.export", "affiliations.csv"); }, {"encoding"});
  t.commit();

  // Access users.
  const std::vector<std::string> userFilters{"text", "affiliation_id", "card", "gate_id"};
  t.domain("GET", "/api/v1/users", "users.search", "users", "Search access users (keyset pages)", "access_users",
           "view", with(with(userFilters, {"sort", "order"}), kPage));
  t.domain("POST", "/api/v1/users", "users.create", "users", "Register an access user", "access_users", "edit");
  t.domain("GET", "/api/v1/users/{id}", "users.get", "users", "Read an access user with permissions", "access_users",
           "view");
  t.domain("PUT", "/api/v1/users/{id}", "users.update", "users", "Change an access user", "access_users", "edit");
  t.domain("DELETE", "/api/v1/users/{id}", "users.delete", "users", "Delete an access user", "access_users", "edit");
  t.domain("POST", "/api/v1/users/delete-matching", "users.delete_matching", "users",
           "Delete every access user matching the filters", "access_users", "edit");
  Route& userImport = t.custom(
      "POST", "/api/v1/users/import", "users", "Import access users from CSV (raw body)", "access_user_import", "edit",
      [](Exchange& ex) { handleImport(ex, "users", "users.import"); }, {"dry_run", "strict", "encoding"});
  userImport.body = "csv";
  userImport.success_status = 202;
  userImport.web_checks_right = true;
  t.commit();
  t.custom("GET", "/api/v1/users/export", "users", "Export access users as CSV", "access_users", "view",
           [](Exchange& ex) { handleExport(ex, "users.export", "users.csv"); }, {"encoding"});
  t.commit();
  t.custom("GET", "/api/v1/imports/{id}", "users", "Progress and result of an import", "", "", handleImportStatus);
  t.commit();

  // Operators and saved searches.
  t.domain("GET", "/api/v1/operators", "operators.list", "operators", "List operators", "operators", "view");
  t.domain("POST", "/api/v1/operators", "operators.create", "operators", "Create an operator", "operators", "edit");
  t.domain("GET", "/api/v1/operators/{id}", "operators.get", "operators", "Read an operator", "operators", "view");
  t.domain("PUT", "/api/v1/operators/{id}", "operators.update", "operators", "Change an operator", "operators", "edit");
  t.domain("DELETE", "/api/v1/operators/{id}", "operators.delete", "operators", "Delete an operator", "operators",
           "edit");
  t.domain("PUT", "/api/v1/operators/{id}/password", "operators.set_password", "operators",
           "Set an operator's password (to be changed at its next sign-in)", "operators", "edit");
  t.domain("GET", "/api/v1/saved-searches", "saved_searches.list", "operators", "One's saved searches", "", "");
  t.domain("POST", "/api/v1/saved-searches", "saved_searches.save", "operators", "Save a search (by name)", "", "");
  t.domain("DELETE", "/api/v1/saved-searches/{id}", "saved_searches.delete", "operators", "Delete a saved search", "",
           "");

  // Calendars and schedules.
  constexpr const char* kCal = "calendars_schedules";
  t.domain("GET", "/api/v1/date-kinds", "date_kinds.list", "calendars", "List date kinds", kCal, "view");
  t.domain("POST", "/api/v1/date-kinds", "date_kinds.create", "calendars", "Create a date kind", kCal, "edit");
  t.domain("PUT", "/api/v1/date-kinds/{id}", "date_kinds.update", "calendars", "Change a date kind", kCal, "edit");
  t.domain("DELETE", "/api/v1/date-kinds/{id}", "date_kinds.delete", "calendars",
           "Delete a date kind (refused while in use)", kCal, "edit");
  t.domain("GET", "/api/v1/annual-days", "annual_days.list", "calendars", "List annual fixed days", kCal, "view");
  t.domain("PUT", "/api/v1/annual-days", "annual_days.replace", "calendars", "Replace the annual fixed days", kCal,
           "edit");
  t.domain("GET", "/api/v1/calendars", "calendars.list", "calendars", "List calendars (the template first)", kCal,
           "view");
  t.domain("POST", "/api/v1/calendars", "calendars.create", "calendars",
           "Create the calendar of a management group (a copy of the template)", kCal, "edit");
  t.domain("GET", "/api/v1/calendars/{id}", "calendars.get", "calendars", "A calendar with its dates resolved", kCal,
           "view", {"from", "to"});
  t.domain("PUT", "/api/v1/calendars/{id}", "calendars.update", "calendars",
           "Change a calendar's name, weekly pattern or dates", kCal, "edit");
  t.domain("DELETE", "/api/v1/calendars/{id}", "calendars.delete", "calendars",
           "Delete a calendar (its groups fall back to the template)", kCal, "edit");
  t.domain("POST", "/api/v1/calendars/{id}/copy-template", "calendars.copy_template", "calendars",
           "Copy the template's weekly pattern and dates from tomorrow on", kCal, "edit");
  t.domain("POST", "/api/v1/calendars/{id}/ical", "calendars.import_ical", "calendars",
           "Set dates from an iCalendar file", kCal, "edit");
  t.custom("GET", "/api/v1/calendars/{id}/ical", "calendars", "The calendar's dates as an iCalendar file", kCal, "view",
           [](Exchange& ex) {
             handleExport(ex, "calendars.export_ical", "calendar-" + ex.params["id"] + ".ics",
                          "text/calendar; charset=utf-8");
           });
  t.commit();
  t.domain("GET", "/api/v1/schedules", "schedules.list", "calendars", "List schedules", kCal, "view");
  t.domain("POST", "/api/v1/schedules", "schedules.create", "calendars", "Create a schedule", kCal, "edit");
  t.domain("GET", "/api/v1/schedules/{id}", "schedules.get", "calendars", "Read a schedule", kCal, "view");
  t.domain("PUT", "/api/v1/schedules/{id}", "schedules.update", "calendars", "Change a schedule", kCal, "edit");
  t.domain("DELETE", "/api/v1/schedules/{id}", "schedules.delete", "calendars", "Delete a schedule", kCal, "edit");
  t.domain("GET", "/api/v1/gates/{id}/mode", "gates.mode_at", "calendars",
           "A gate's effective door mode at a local time (default now)", "gates|calendars_schedules", "view", {"at"});

  // History and logs.
  const std::vector<std::string> historyFilters{"from_ms", "to_ms",          "kind",    "management_group_id",
                                                "gate_id", "affiliation_id", "user_id", "code"};
  t.domain("GET", "/api/v1/history", "history.search", "history", "Search history, newest first", "history", "view",
           with(historyFilters, kPage));
  t.custom(
      "GET", "/api/v1/history/export", "history", "Export history as CSV", "history", "view",
      [](Exchange& ex) { handleExport(ex, "history.export", "history.csv"); }, historyFilters);
  t.commit();
  t.domain("GET", "/api/v1/system-log", "system_log.search", "logs", "System log, newest first", "system_log", "view",
           with({"from_ms", "to_ms", "category"}, kPage));
  t.domain("GET", "/api/v1/user-setting-history", "user_setting_history.search", "logs",
           "User-setting history, newest first", "user_setting_history", "view",
           with({"from_ms", "to_ms", "target_kind", "target_key"}, kPage));
}

}  // namespace monban::web
