#include "monban/host/domain/DomainSchema.h"

#include "monban/host/SqlDialect.h"

namespace monban::host::domain {

std::vector<Migration> domainMigrations(Dialect dialect) {
  const std::vector<std::string> v1 = {
      "CREATE TABLE management_groups (id {id}, code {text:32} NOT NULL UNIQUE, name {text:64} NOT NULL,"
      " description {text:256} NOT NULL, calendar_id {bigint}, updated_at_ms {bigint} NOT NULL)",

      "CREATE TABLE gates (id {id}, code {text:32} NOT NULL UNIQUE, name {text:64} NOT NULL,"
      " management_group_id {bigint} NOT NULL REFERENCES management_groups (id),"
      " controller_address {text:64} NOT NULL, entry_reader {text:32} NOT NULL, exit_reader {text:32} NOT NULL,"
      " lock_state {text:16} NOT NULL, guard_state {text:16} NOT NULL,"
      " verification_mode {text:32} NOT NULL, unlock_mode {text:32} NOT NULL, updated_at_ms {bigint} NOT NULL)",
      "CREATE INDEX gates_management_group ON gates (management_group_id)",

      "CREATE TABLE gate_groups (id {id}, code {text:32} NOT NULL UNIQUE, name {text:64} NOT NULL, description "
      "{text:256} NOT NULL,"
      " updated_at_ms {bigint} NOT NULL)",
      "CREATE TABLE gate_group_members (gate_group_id {bigint} NOT NULL REFERENCES gate_groups (id) ON DELETE CASCADE,"
      " gate_id {bigint} NOT NULL REFERENCES gates (id) ON DELETE CASCADE, PRIMARY KEY (gate_group_id, gate_id))",
      "CREATE INDEX gate_group_members_gate ON gate_group_members (gate_id)",

      // path is the chain of ids from the root, "/1/7/42/", so a subtree is one prefix match.
      "CREATE TABLE affiliations (id {id}, code {text:32} NOT NULL UNIQUE, name {text:64} NOT NULL,"
      " parent_id {bigint} REFERENCES affiliations (id), depth INTEGER NOT NULL, path {text:128} NOT NULL,"
      " updated_at_ms {bigint} NOT NULL)",
      "CREATE INDEX affiliations_path ON affiliations (path)",
      "CREATE INDEX affiliations_parent ON affiliations (parent_id)",

      "CREATE TABLE access_users (id {id}, user_id {text:32} NOT NULL UNIQUE, name {text:64} NOT NULL,"
      " reading {text:64} NOT NULL, affiliation_id {bigint} REFERENCES affiliations (id),"
      " valid_from {text:10}, valid_to {text:10}, pin {text:8},"
      " free1 {text:128} NOT NULL, free2 {text:128} NOT NULL, free3 {text:128} NOT NULL,"
      " updated_at_ms {bigint} NOT NULL)",
      "CREATE INDEX access_users_affiliation ON access_users (affiliation_id, user_id)",
      "CREATE INDEX access_users_name ON access_users (name, id)",

      "CREATE TABLE user_cards (card_data {text:16} NOT NULL PRIMARY KEY,"
      " user_ref {bigint} NOT NULL REFERENCES access_users (id) ON DELETE CASCADE)",
      "CREATE INDEX user_cards_user ON user_cards (user_ref)",

      "CREATE TABLE user_gate_permissions (user_ref {bigint} NOT NULL REFERENCES access_users (id) ON DELETE CASCADE,"
      " gate_id {bigint} NOT NULL REFERENCES gates (id) ON DELETE CASCADE, passable_level INTEGER NOT NULL,"
      " PRIMARY KEY (user_ref, gate_id))",
      "CREATE INDEX user_gate_permissions_gate ON user_gate_permissions (gate_id)",
      "CREATE TABLE user_gate_group_permissions (user_ref {bigint} NOT NULL REFERENCES access_users (id) ON DELETE "
      "CASCADE,"
      " gate_group_id {bigint} NOT NULL REFERENCES gate_groups (id) ON DELETE CASCADE,"
      " passable_level INTEGER NOT NULL, PRIMARY KEY (user_ref, gate_group_id))",
      "CREATE INDEX user_gate_group_permissions_group ON user_gate_group_permissions (gate_group_id)",

      "CREATE TABLE operators (id {id}, login_id {text:32} NOT NULL UNIQUE, display_name {text:64} NOT NULL,"
      " password_hash {text:256} NOT NULL, operator_type INTEGER NOT NULL, rights {text:1024} NOT NULL,"
      " all_management_groups INTEGER NOT NULL, all_affiliations INTEGER NOT NULL, disabled INTEGER NOT NULL,"
      " updated_at_ms {bigint} NOT NULL)",
      "CREATE TABLE operator_management_groups (operator_id {bigint} NOT NULL REFERENCES operators (id) ON DELETE "
      "CASCADE,"
      " management_group_id {bigint} NOT NULL REFERENCES management_groups (id) ON DELETE CASCADE,"
      " PRIMARY KEY (operator_id, management_group_id))",
      "CREATE TABLE operator_affiliations (operator_id {bigint} NOT NULL REFERENCES operators (id) ON DELETE CASCADE,"
      " affiliation_id {bigint} NOT NULL REFERENCES affiliations (id) ON DELETE CASCADE,"
      " PRIMARY KEY (operator_id, affiliation_id))",

      "CREATE TABLE saved_searches (id {id}, operator_id {bigint} NOT NULL REFERENCES operators (id) ON DELETE CASCADE,"
      " name {text:64} NOT NULL, conditions {clob} NOT NULL, updated_at_ms {bigint} NOT NULL,"
      " UNIQUE (operator_id, name))",

      "CREATE TABLE user_setting_history (id {id}, at_ms {bigint} NOT NULL, actor {text:64} NOT NULL,"
      " action {text:16} NOT NULL, target_kind {text:32} NOT NULL, target_key {text:64} NOT NULL,"
      " before_json {clob}, after_json {clob})",
      "CREATE INDEX user_setting_history_time ON user_setting_history (at_ms, id)",
      "CREATE INDEX user_setting_history_target ON user_setting_history (target_kind, target_key, at_ms)",

      "CREATE TABLE system_log (id {id}, at_ms {bigint} NOT NULL, actor {text:64} NOT NULL,"
      " category {text:32} NOT NULL, action {text:64} NOT NULL, outcome {text:16} NOT NULL, detail {clob} NOT NULL)",
      "CREATE INDEX system_log_time ON system_log (at_ms, id)",
  };
  Migration first{1, "access-control domain", {}};
  for (const auto& statement : v1) first.statements.push_back(portableSql(dialect, statement));
  // A row means the operator's password was set by someone else (bootstrap or reset) and must be
  // changed at the next login; a table rather than a column so the change is portable.
  Migration second{2, "operator passwords that must be changed", {}};
  second.statements.push_back(
      portableSql(dialect,
                  "CREATE TABLE operator_password_resets (operator_id {bigint} NOT NULL PRIMARY KEY"
                  " REFERENCES operators (id) ON DELETE CASCADE, set_at_ms {bigint} NOT NULL)"));
  // Counters bumped in the same transaction as the change they count, so any process (the CLI's
  // imports too) tells every cache of derived figures that it is stale.
  Migration third{3, "revision counters", {}};
  third.statements.push_back(portableSql(
      dialect, "CREATE TABLE domain_revisions (name {text:32} NOT NULL PRIMARY KEY, revision {bigint} NOT NULL)"));
  third.statements.push_back("INSERT INTO domain_revisions (name, revision) VALUES ('users', 0)");
  // Calendars and schedules (SPEC section 3): date kinds, annual fixed days, the template and one
  // calendar per management group (management_groups.calendar_id), explicit days, schedules with
  // their time bands and the gates that follow each schedule.
  const std::vector<std::string> v4 = {
      "CREATE TABLE date_kinds (id {id}, code {text:32} NOT NULL UNIQUE, name {text:64} NOT NULL,"
      " kind_class {text:16} NOT NULL, updated_at_ms {bigint} NOT NULL)",
      "INSERT INTO date_kinds (code, name, kind_class, updated_at_ms) VALUES ('weekday', 'Weekday', 'weekday', 0)",
      "INSERT INTO date_kinds (code, name, kind_class, updated_at_ms) VALUES ('holiday', 'Holiday', 'holiday', 0)",
      "INSERT INTO date_kinds (code, name, kind_class, updated_at_ms) VALUES ('special1', 'Special day 1', 'special', "
      "0)",
      "CREATE TABLE annual_days (month INTEGER NOT NULL, day INTEGER NOT NULL, name {text:64} NOT NULL,"
      " date_kind_id {bigint} NOT NULL REFERENCES date_kinds (id), PRIMARY KEY (month, day))",
      "CREATE TABLE calendars (id {id}, name {text:64} NOT NULL, is_template INTEGER NOT NULL,"
      " weekly {text:128} NOT NULL, updated_at_ms {bigint} NOT NULL)",
      // Fresh tables number from 1: weekday is kind 1, holiday kind 2; Saturday and Sunday are holidays.
      "INSERT INTO calendars (name, is_template, weekly, updated_at_ms) VALUES ('Template', 1, '1,1,1,1,1,2,2', 0)",
      "CREATE TABLE calendar_days (calendar_id {bigint} NOT NULL REFERENCES calendars (id) ON DELETE CASCADE,"
      " day INTEGER NOT NULL, date_kind_id {bigint} NOT NULL REFERENCES date_kinds (id),"
      " PRIMARY KEY (calendar_id, day))",
      "CREATE TABLE schedules (id {id}, code {text:32} NOT NULL UNIQUE, name {text:64} NOT NULL,"
      " description {text:256} NOT NULL, updated_at_ms {bigint} NOT NULL)",
      "CREATE TABLE schedule_bands (schedule_id {bigint} NOT NULL REFERENCES schedules (id) ON DELETE CASCADE,"
      " date_kind_id {bigint} NOT NULL REFERENCES date_kinds (id), start_minute INTEGER NOT NULL,"
      " end_minute INTEGER NOT NULL, door_mode {text:16} NOT NULL, passable_level INTEGER NOT NULL,"
      " verification_mode {text:32} NOT NULL, PRIMARY KEY (schedule_id, date_kind_id, start_minute))",
      "CREATE TABLE gate_schedules (gate_id {bigint} NOT NULL PRIMARY KEY REFERENCES gates (id) ON DELETE CASCADE,"
      " schedule_id {bigint} NOT NULL REFERENCES schedules (id) ON DELETE CASCADE)",
      "CREATE INDEX gate_schedules_schedule ON gate_schedules (schedule_id)",
      "INSERT INTO domain_revisions (name, revision) VALUES ('calendars', 0)",
  };
  Migration fourth{4, "calendars and schedules", {}};
  for (const auto& statement : v4) fourth.statements.push_back(portableSql(dialect, statement));
  // The door-open time sent in each controller's gate parameters; existing gates keep the 5 s
  // their controllers had.
  Migration fifth{5, "door-open time of gates", {}};
  fifth.statements.push_back("ALTER TABLE gates ADD door_open_seconds INTEGER NOT NULL DEFAULT 5");
  return {first, second, third, fourth, fifth};
}

}  // namespace monban::host::domain
