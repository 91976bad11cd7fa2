#!/usr/bin/env bash
# The data commands end to end through the real binary on SQLite: affiliations and users import
# with per-row errors and exit 65, dry run, export → import, Shift_JIS input, history export and purge.
# Usage: data_commands.sh MONBAN PLUGIN_DIR
MONBAN=$1
PLUGINS=$2
source "$(dirname "$0")/../lib/host.sh"
write_config "$WORK" "$PLUGINS"
C=(--config-dir "$WORK/config")

printf 'operation,code,name,parent\nadd,HQ,本社,\nadd,DEV,開発部,HQ\nadd,BAD code,x,\n' >"$WORK/aff.csv"
rc=0; out=$("$MONBAN" affiliations import "$WORK/aff.csv" "${C[@]}" 2>&1) || rc=$?
[[ $rc == 65 ]] || fail "affiliation import with a bad row: exit $rc"
expect_contains "$out" "line 4, column code, value 'BAD code'" "bad affiliation row named"
expect_contains "$out" "2 added, 0 changed, 0 deleted, 1 failed; applied" "valid affiliation rows applied"

printf 'operation,user_id,name,affiliation,cards\nadd,u1,山田太郎,DEV,C1\nadd,u2,Bob,NOPE,\n' >"$WORK/users.csv"
rc=0; out=$("$MONBAN" users import "$WORK/users.csv" --dry-run "${C[@]}" 2>&1) || rc=$?
[[ $rc == 65 ]] || fail "dry run with a bad row: exit $rc"
expect_contains "$out" "nothing changed (dry run)" "dry run changes nothing"
"$MONBAN" users export "$WORK/empty.csv" "${C[@]}" >/dev/null
[[ $(wc -l <"$WORK/empty.csv") == 1 ]] || fail "dry run wrote users"

rc=0; out=$("$MONBAN" users import "$WORK/users.csv" --results "$WORK/results.csv" "${C[@]}" 2>&1) || rc=$?
[[ $rc == 65 ]] || fail "user import with a bad row: exit $rc"
expect_contains "$out" "line 3, column affiliation, value 'NOPE': is not a known affiliation code" "bad user row named"
expect_contains "$(cat "$WORK/results.csv")" "2,u1,added" "results file lists every row"

"$MONBAN" users export "$WORK/out.csv" "${C[@]}" >/dev/null
expect_contains "$(cat "$WORK/out.csv")" "set,u1,山田太郎,,DEV,,,,C1" "export writes the user"
out=$("$MONBAN" users import "$WORK/out.csv" "${C[@]}" 2>&1) || fail "re-import of an export: $out"
expect_contains "$out" "0 added, 1 changed, 0 deleted, 0 failed" "export imports back"

printf 'operation,user_id,name,affiliation\nadd,u3,鈴木花子,DEV\n' | iconv -f utf-8 -t cp932 >"$WORK/sjis.csv"
"$MONBAN" users import "$WORK/sjis.csv" "${C[@]}" >/dev/null || fail "Shift_JIS import"
"$MONBAN" users export "$WORK/out2.csv" "${C[@]}" >/dev/null
expect_contains "$(cat "$WORK/out2.csv")" "u3,鈴木花子" "Shift_JIS name stored as UTF-8"

expect_contains "$("$MONBAN" history purge "${C[@]}")" "purged 0 history events" "history purge"
"$MONBAN" history export "$WORK/history.csv" --kind access "${C[@]}" || fail "history export"
expect_contains "$(head -1 "$WORK/history.csv")" "id,kind,occurred_at" "history export header"
rc=0; "$MONBAN" history export "$WORK/history.csv" --kind bogus "${C[@]}" 2>/dev/null || rc=$?
[[ $rc == 65 ]] || fail "bad history kind: exit $rc"
# The door mode of a gate at a local time. Gates come from the API; here the fixture rows are
# written straight into the database: a gate in a group, following a weekday schedule.
DB="$WORK/data/monban.db"
sqlite3 "$DB" "INSERT INTO management_groups (code, name, description, updated_at_ms) VALUES ('MG', 'Main', '', 0);
  INSERT INTO gates (code, name, management_group_id, controller_address, entry_reader, exit_reader, lock_state,
    guard_state, verification_mode, unlock_mode, updated_at_ms)
    VALUES ('FRONT', 'Front door', 1, '127.0.0.1', '', '', 'locked', 'disarmed', 'card', 'schedule', 0);
  INSERT INTO schedules (code, name, description, updated_at_ms) VALUES ('OFFICE', 'Office', '', 0);
  INSERT INTO schedule_bands VALUES (1, 1, 480, 540, 'unlocked', 8, 'card');
  INSERT INTO gate_schedules VALUES (1, 1);" || fail "schedule fixture"
out=$(TZ=JST-9 "$MONBAN" schedule at FRONT 2027-03-01T08:30 "${C[@]}") || fail "schedule at: $out"
expect_contains "$out" "door mode:         unlocked" "a weekday band unlocks the door"
expect_contains "$out" "band:              08:00-09:00" "the band in force"
out=$(TZ=JST-9 "$MONBAN" schedule at FRONT 2027-03-06T08:30 "${C[@]}") || fail "schedule at: $out"
expect_contains "$out" "door mode:         card" "a Saturday has no band"
rc=0; out=$("$MONBAN" schedule at NOPE "${C[@]}" 2>&1) || rc=$?
[[ $rc == 65 ]] || fail "unknown gate: exit $rc"
expect_contains "$out" "no gate with code or id 'NOPE'" "unknown gate named"
rc=0; out=$("$MONBAN" schedule at FRONT 2027-02-30T08:00 "${C[@]}" 2>&1) || rc=$?
[[ $rc == 65 ]] || fail "impossible date: exit $rc"
echo "data commands: ok"
