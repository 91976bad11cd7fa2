#!/usr/bin/env bash
# `monban gates verify`, `explain`, `parameters` and `adopt-parameters` against a running server
# and simulated controllers: in step after the start; an import and a gate added by the command
# line reach the running server; drift made behind its back (in the database file) is found per
# controller and repaired; explain answers for a card and
# a gate; a setting changed at a controller is read back and adopted; the door-open time goes
# from the gate's record to its controller and back; the gate parameters file; a wrong
# password and a stopped server give errors a person can act on.
# Usage: gate_cli.sh MONBAN CONTROLLER_SIM PLUGIN_DIR
MONBAN=$1
SIM=$2
PLUGINS=$3
source "$(dirname "$0")/../lib/host.sh"

gate_setup 3 cli-controller-password
"$MONBAN" gates add D1 "Door 1" "127.0.0.1:$base_port" CLI "${cfg[@]}" >/dev/null
"$MONBAN" gates add D2 "Door 2" "127.0.0.1:$((base_port + 1))" CLI "${cfg[@]}" >/dev/null
printf 'operation,user_id,name,cards,gates\nadd,C1,Card one,00000000000000C1,D1\n' >"$WORK/users.csv"
"$MONBAN" users import "$WORK/users.csv" "${cfg[@]}" >/dev/null
boot=$("$MONBAN" operators bootstrap admin "${cfg[@]}")
password=$(awk '/one-time password:/ {print $3}' <<<"$boot")

start_sim 3 cli-controller-password
start_host "$WORK/config"
for _ in $(seq 1 100); do
  grep -q "controllers checked at start" "$WORK/serve.log" && break
  sleep 0.1
done

export MONBAN_LOGIN=admin MONBAN_PASSWORD=$password
out=$("$MONBAN" gates verify "${cfg[@]}" 2>&1) && fail "verify worked with the one-time password: $out"
grep -q "must change the one-time password" <<<"$out" || fail "unclear refusal of the one-time password: $out"

MONBAN_PASSWORD="a passphrase for the command line"
first_sign_in admin "$password" "$MONBAN_PASSWORD"

out=$("$MONBAN" gates verify "${cfg[@]}" 2>&1) || fail "verify after the start: $out"
grep -q "2 controllers: 2 ok, 0 not ok" <<<"$out" || fail "verify after the start: $out"

out=$("$MONBAN" gates explain D1 00000000000000C1 "${cfg[@]}" 2>&1) || fail "explain D1: $out"
grep -q "D1 00000000000000C1: granted" <<<"$out" || fail "explain D1: $out"
out=$("$MONBAN" gates explain D2 00000000000000C1 "${cfg[@]}" 2>&1) && fail "explain D2 granted: $out"
grep -q "denied_no_permission" <<<"$out" || fail "explain D2: $out"

# An import by the command line beside the running server: the change reaches D2's controller
# within seconds (the command forwards it to the server through its control socket).
printf 'operation,user_id,name,cards,gates\nadd,C2,Card two,00000000000000C2,D2\n' >"$WORK/more.csv"
"$MONBAN" users import "$WORK/more.csv" "${cfg[@]}" >/dev/null
for _ in $(seq 1 100); do
  [[ $(sim decide 2 00000000000000C2) == granted* ]] && break
  sleep 0.1
done
decision=$(sim decide 2 00000000000000C2)
[[ $decision == granted* ]] || fail "controller 2 did not get the card imported beside the server: $decision"
# A gate added by the command line is driven at once.
"$MONBAN" gates add D3 "Door 3" "127.0.0.1:$((base_port + 2))" CLI "${cfg[@]}" >/dev/null
for _ in $(seq 1 100); do
  grep -q "gate D3: repaired" "$WORK/serve.log" && break
  sleep 0.1
done
grep -q "gate D3: repaired" "$WORK/serve.log" ||
  fail "the gate added beside the server is not driven: $(tail -3 "$WORK/serve.log")"

# Changed behind the server's back (no process tells it): D2 drifts until verified and repaired.
sqlite3 "$WORK/data/monban.db" "INSERT INTO user_gate_permissions (user_ref, gate_id, passable_level)
  SELECT id, 2, 1 FROM access_users WHERE user_id = 'C1'"
out=$("$MONBAN" gates verify D1 D2 "${cfg[@]}" 2>&1) && fail "verify missed the drift: $out"
grep -q "^D2	NOT OK	drift: permissions" <<<"$out" || fail "verify did not name D2's drift: $out"
grep -q "^D1	ok	in step" <<<"$out" || fail "verify did not report D1 in step: $out"
decision=$(sim decide 2 00000000000000C1)
[[ $decision == denied_no_permission* ]] || fail "controller 2 admits C1 before the repair: $decision"
out=$("$MONBAN" gates verify --repair D2 "${cfg[@]}" 2>&1) || fail "repair: $out"
grep -q "^D2	ok	repaired drift: permissions" <<<"$out" || fail "repair: $out"
decision=$(sim decide 2 00000000000000C1)
[[ $decision == granted* ]] || fail "controller 2 refuses C1 after the repair: $decision"

# Controller to server: a command changes the unlock mode D1's controller holds; `parameters`
# names the difference, `adopt-parameters` makes it the gate's own, and then both agree.
out=$("$MONBAN" gates parameters D1 "${cfg[@]}" 2>&1) || fail "parameters of D1 in step: $out"
grep -q "the controller holds what the server sends" <<<"$out" || fail "parameters of D1: $out"
grep -qP "^  card_type\tfelica\tfelica$" <<<"$out" || fail "IC-card parameters of D1: $out"
out=$(api POST /api/v1/gates/1/command '{"command":"unlock_mode","value":"always_unlocked"}') || fail "unlock mode: $out"
out=$("$MONBAN" gates parameters D1 "${cfg[@]}" 2>&1) && fail "parameters missed the change at the controller: $out"
grep -qP "^  unlock_mode\talways_unlocked\tschedule\tDIFFERS$" <<<"$out" || fail "no unlock mode difference: $out"
grep -q "^1 fields differ" <<<"$out" || fail "more than the unlock mode differs: $out"
out=$("$MONBAN" gates adopt-parameters D1 "${cfg[@]}" 2>&1) || fail "adopt-parameters: $out"
grep -q "^D1: adopted unlock_mode$" <<<"$out" || fail "adopt-parameters: $out"
api GET /api/v1/gates/1 | grep -q '"unlock_mode":"always_unlocked"' || fail "the gate's record kept its unlock mode"
out=$("$MONBAN" gates parameters D1 "${cfg[@]}" 2>&1) || fail "parameters after adopting: $out"
out=$("$MONBAN" gates adopt-parameters D1 "${cfg[@]}" 2>&1) || fail "adopting again: $out"
grep -q "already has the controller's settings" <<<"$out" || fail "adopting again: $out"

# The door-open time: the gate's record sets it (1-600 s, the field named when out of range), its
# controller gets it in the gate parameters, and a granted card releases the lock that long.
door_open() { sed -E "s/\"door_open_seconds\":[0-9]+/\"door_open_seconds\":$1/" <<<"$gate"; }
gate=$(api GET /api/v1/gates/1) || fail "gate 1: $gate"
[[ $gate == *'"door_open_seconds":5,'* ]] || fail "a new gate's door-open time is not 5 s: $gate"
out=$(api PUT /api/v1/gates/1 "$(door_open 0)") && fail "a door-open time of 0 s was taken: $out"
[[ $out == *"door_open_seconds: 1 to 600 seconds, not 0"* ]] || fail "door-open time 0: $out"
out=$(api PUT /api/v1/gates/1 "$(door_open 9)") || fail "door-open time 9 s refused: $out"
for _ in $(seq 1 100); do
  [[ $(sim status 1) == *'"door_open_seconds":9,'* ]] && break
  sleep 0.1
done
[[ $(sim status 1) == *'"door_open_seconds":9,"released_ms":0,'* ]] ||
  fail "the controller did not get the door-open time: $(sim status 1)"
[[ $(sim swipe 1 00000000000000C1) == granted* ]] || fail "C1 refused at D1"
released=$(sim status 1 | grep -oP '"released_ms":\K[0-9]+')
((released > 6000 && released <= 9000)) || fail "a grant released the lock for $released ms, not 9 s"
# Changed behind the server's back, the database differs from the controller; adopting the
# controller's door-open time puts the record back.
sqlite3 "$WORK/data/monban.db" "UPDATE gates SET door_open_seconds = 20 WHERE id = 1"
out=$("$MONBAN" gates parameters D1 "${cfg[@]}" 2>&1) && fail "parameters missed the door-open time: $out"
grep -qP "^  door_open_seconds\t9\t20\tDIFFERS$" <<<"$out" || fail "no door-open time difference: $out"
out=$("$MONBAN" gates adopt-parameters D1 "${cfg[@]}" 2>&1) || fail "adopting the door-open time: $out"
grep -q "^D1: adopted door_open_seconds$" <<<"$out" || fail "adopting the door-open time: $out"
api GET /api/v1/gates/1 | grep -q '"door_open_seconds":9,' || fail "the gate's record did not take 9 s back"

# The gate parameters file: a quoted row per gate in code order, what each controller gets.
api PUT /api/v1/gates/2/anti-passback '{"own":true}' >/dev/null || fail "anti-passback of D2 refused"
out=$("$MONBAN" gates export-parameters "$WORK/parameters.csv" "${cfg[@]}" 2>&1) || fail "export-parameters: $out"
[[ $out == "3 gates written to $WORK/parameters.csv" ]] || fail "export-parameters: $out"
expected=$(printf '%s\r\n' \
  '"code","name","controller_address","unlock_mode","verification_mode","entry_reader","exit_reader","door_open_seconds","anti_passback","anti_passback_area"' \
  "\"D1\",\"Door 1\",\"127.0.0.1:$base_port\",\"always_unlocked\",\"card\",\"entry\",\"exit\",\"9\",\"none\",\"\"" \
  "\"D2\",\"Door 2\",\"127.0.0.1:$((base_port + 1))\",\"schedule\",\"card\",\"entry\",\"exit\",\"5\",\"own\",\"\"" \
  "\"D3\",\"Door 3\",\"127.0.0.1:$((base_port + 2))\",\"schedule\",\"card\",\"entry\",\"exit\",\"5\",\"none\",\"\"")
[[ $(cat "$WORK/parameters.csv") == "$expected" ]] || fail "the gate parameters file: $(cat -A "$WORK/parameters.csv")"
grep -q "export gate parameters" <(sqlite3 "$WORK/data/monban.db" "SELECT action FROM system_log") ||
  fail "the export is not in the system log"
out=$("$MONBAN" gates export-parameters /nonexistent/dir/p.csv "${cfg[@]}" 2>&1) && fail "wrote into a missing folder"
grep -q "cannot write /nonexistent/dir/p.csv" <<<"$out" || fail "an unwritable file: $out"
# An unreachable controller: the read fails with the reason, and nothing is adopted.
sim offline 2 >/dev/null
rc=0
out=$("$MONBAN" gates adopt-parameters D2 "${cfg[@]}" 2>&1) || rc=$?
[[ $rc == 69 ]] && grep -q "gate parameters could not be read: .*no answer" <<<"$out" ||
  fail "adopting from an unreachable controller: exit $rc, $out"
sim offline 2 off >/dev/null

rc=0
out=$(MONBAN_PASSWORD=wrong-password-here "$MONBAN" gates verify "${cfg[@]}" 2>&1) || rc=$?
[[ $rc == 69 ]] && grep -q "sign-in as admin refused" <<<"$out" || fail "wrong password: exit $rc, $out"
out=$(env -u MONBAN_LOGIN "$MONBAN" gates verify "${cfg[@]}" 2>&1) && fail "verify without a login: $out"
grep -q "set MONBAN_LOGIN and MONBAN_PASSWORD" <<<"$out" || fail "no login: $out"

stop_host
out=$("$MONBAN" gates explain D1 00000000000000C1 "${cfg[@]}" 2>&1) && fail "explain without a server: $out"
grep -q "is \`monban serve\` running" <<<"$out" || fail "stopped server: $out"
echo "gate_cli: ok"
