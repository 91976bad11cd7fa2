#!/usr/bin/env bash
# Global anti-passback through the API and simulated controllers: two gates share an area, a
# third is outside it. An entry at one gate of the area is relayed to the other, which then
# refuses a second entry (denied_passback) and takes the exit; the gate outside the area does
# not care. An update an unreachable controller missed reaches it when it answers again.
# Deleting the area lifts it. Bad requests are refused with the field named.
# Usage: passback.sh MONBAN CONTROLLER_SIM PLUGIN_DIR
MONBAN=$1
SIM=$2
PLUGINS=$3
source "$(dirname "$0")/../lib/host.sh"

gate_setup 3 passback-controller-password
# Gates 1 and 2 (the lobby's doors) and 3 (a store room), in a fresh database.
for n in 1 2 3; do
  "$MONBAN" gates add "P$n" "Door $n" "127.0.0.1:$((base_port + n - 1))" PB "${cfg[@]}" >/dev/null
done
card=00000000000000A1
printf 'operation,user_id,name,cards,gates\nadd,PB1,Walker,%s,P1;P2;P3\n' "$card" >"$WORK/users.csv"
"$MONBAN" users import "$WORK/users.csv" "${cfg[@]}" >/dev/null
once=$("$MONBAN" operators bootstrap admin "${cfg[@]}" | awk '/one-time password:/ {print $3}')

# Plain event batches: the relays below come from pushes, so the plain form is read end to end
# here (the soak test covers the deflated form).
start_sim 3 passback-controller-password --plain-events
start_host "$WORK/config"
first_sign_in admin "$once" "a passphrase for the passback test"

# Refused requests change nothing and say what is wrong.
out=$(api PUT /api/v1/passback-areas/LOBBY '{"gates":[1,2]}') && fail "an area without a name was taken"
[[ $out == *'"name: 1 to 100 bytes'* ]] || fail "an area without a name: $out"
out=$(api PUT /api/v1/passback-areas/LOBBY '{"name":"Lobby","gates":[1,999]}') && fail "an unknown gate was taken"
[[ $out == *'gate 999 is not one of yours'* ]] || fail "an area with an unknown gate: $out"
out=$(api PUT /api/v1/passback-areas/a%20b '{"name":"Lobby","gates":[1]}') && fail "a code with a space was taken"
[[ $out == *"only letters, digits"* ]] || fail "an area code with a space: $out"
[[ $(api GET /api/v1/passback-areas) == '{"items":[]}' ]] || fail "a refused request left an area behind"

out=$(api PUT /api/v1/passback-areas/LOBBY '{"name":"Lobby","gates":[1,2]}') || fail "area refused"
[[ $out == *'"gates_changed":2'* ]] || fail "area: $out"
out=$(api GET /api/v1/passback-areas)
[[ $out == *'"code":"LOBBY"'*'"code":"P1"'*'"code":"P2"'* ]] || fail "area list: $out"
out=$(api POST /api/v1/controllers/verify '{"repair":true}') || fail "verify refused"
[[ $out != *'"ok":false'* ]] || fail "controllers not in step with the area: $out"

# until_decision CONTROLLER DIRECTION EXPECTED: the relay takes a push and a request; allow 10 s
# (ASan runs beside other tests).
until_decision() {
  local got
  for _ in $(seq 1 100); do
    got=$(sim decide "$1" "$card" "$2")
    [[ $got == "$3"* ]] && return 0
    sleep 0.1
  done
  fail "controller $1, $2: expected $3, got $got"
}
[[ $(sim swipe 1 "$card" entry) == granted* ]] || fail "first entry at P1 refused"
until_decision 2 entry denied_passback # P2 heard of the entry at P1
[[ $(sim swipe 2 "$card" entry) == denied_passback* ]] || fail "second entry at P2 granted"
[[ $(sim swipe 2 "$card" exit) == granted* ]] || fail "exit at P2 refused"
until_decision 1 exit denied_passback # P1 heard of the exit at P2
[[ $(sim swipe 1 "$card" entry) == granted* ]] || fail "entry at P1 after the exit refused"
# The store room is not in the area.
[[ $(sim swipe 3 "$card" entry) == granted* && $(sim swipe 3 "$card" entry) == granted* ]] ||
  fail "the gate outside the area applied anti-passback"

# A controller that cannot be reached misses an update; it gets it when it answers again.
sim offline 2 on >/dev/null
[[ $(sim swipe 1 "$card" exit) == granted* ]] || fail "exit at P1 refused"
for _ in $(seq 1 150); do grep -q "not delivered, kept to send again" "$WORK/serve.log" && break; sleep 0.1; done
grep -q "gate P2: anti-passback update for user .* not delivered, kept to send again" "$WORK/serve.log" ||
  fail "the update P2 missed was not kept: $(grep -i passback "$WORK/serve.log" | tail -3)"
[[ $(sim decide 2 "$card" entry) == denied_passback* ]] || fail "P2 heard of the exit while unreachable"
# The kept update is in the database: a restart of the host in between does not lose it.
stop_host
start_host "$WORK/config"
sign_in admin "a passphrase for the passback test"
sim offline 2 off >/dev/null
api POST /api/v1/controllers/poll '{"gates":[2]}' >/dev/null || fail "poll refused"
until_decision 2 entry granted # the exit at P1 reached P2 at last
grep -q "gate P2: 1 missed anti-passback update(s) delivered" "$WORK/serve.log" || fail "no delivery logged"
[[ $(sqlite3 "$WORK/data/monban.db" "SELECT COUNT(*) FROM gate_passback_missed") == 0 ]] ||
  fail "the delivered update is still kept in the database"

# Controllers whose memory starts afresh (a new simulator run) get the area's places: the user
# who entered is still inside for P1 and P2, though neither remembers it.
[[ $(sim swipe 1 "$card" entry) == granted* ]] || fail "entry at P1 before the new memory refused"
until_decision 2 entry denied_passback
kill "$SIM_PID"
wait "$SIM_PID" || true
start_sim 3 passback-controller-password --plain-events
api POST /api/v1/controllers/poll '{}' >/dev/null || fail "poll after the new memory refused"
until_decision 2 entry denied_passback
until_decision 1 entry denied_passback
grep -q "gate P2: anti-passback places sent: 1 users of area" "$WORK/serve.log" ||
  fail "no places sent to P2: $(grep -i "P2" "$WORK/serve.log" | tail -3)"
# The same by hand (the global anti-passback transfer): the gate outside the area has none.
out=$(api POST /api/v1/controllers/passback-places '{"gates":[2,3]}') || fail "places transfer refused: $out"
[[ $out == *'"gate_id":2,"message":"anti-passback places sent: 1 users of area '*'"ok":true'* ]] ||
  fail "places transfer to P2: $out"
[[ $out == *'"gate_id":3,"message":"no anti-passback at this gate: no places to send","ok":true'* ]] ||
  fail "places transfer to P3: $out"

# Anti-passback of the store room alone (area 0): a second entry in a row is refused there.
out=$(api PUT /api/v1/gates/3/anti-passback '{"own":"yes"}') && fail "a non-boolean own was taken"
[[ $out == *"own: true for anti-passback of this gate alone"* ]] || fail "a non-boolean own: $out"
out=$(api PUT /api/v1/gates/3/anti-passback '{"own":true}') || fail "own anti-passback refused: $out"
[[ $out == *'"enforced":true'* && $out == *'"area":null'* && $out == *'"own":true'* ]] || fail "own anti-passback: $out"
out=$(api GET /api/v1/gates/1/anti-passback) || fail "anti-passback of P1: $out"
[[ $out == *'"own":false'* && $out == *'"code":"LOBBY"'* ]] || fail "anti-passback of P1: $out"
# Once its gate parameters arrive, an entry makes the next entry a passback violation.
for _ in $(seq 1 50); do
  sim swipe 3 "$card" entry >/dev/null
  [[ $(sim decide 3 "$card" entry) == denied_passback* ]] && break
  sleep 0.1
done
[[ $(sim decide 3 "$card" entry) == denied_passback* ]] || fail "the store room does not apply its own anti-passback"
[[ $(sim swipe 3 "$card" exit) == granted* ]] || fail "exit at the store room refused"
[[ $(sim swipe 3 "$card" entry) == granted* ]] || fail "entry at the store room after the exit refused"
# A new memory at the store room's controller: it gets the gate's own places back.
for _ in $(seq 1 100); do
  [[ $(sqlite3 "$WORK/data/monban.db" "SELECT inside FROM gate_passback_gate_places WHERE gate_id = 3") == 1 ]] && break
  sleep 0.1
done
# A new memory starts its frame counter at its start time in seconds (protocol, Replay
# protection): a second start within the second of the first would repeat counters the server
# has seen, so let a second pass.
sleep 1.1
kill "$SIM_PID"
wait "$SIM_PID" || true
start_sim 3 passback-controller-password --plain-events
api POST /api/v1/controllers/poll '{}' >/dev/null || fail "poll after the second new memory refused"
until_decision 3 entry denied_passback
grep -q "gate P3: anti-passback places sent: 1 users of this gate alone" "$WORK/serve.log" ||
  fail "no places of the gate alone sent to P3: $(grep "P3" "$WORK/serve.log" | tail -3)"
out=$(api PUT /api/v1/gates/3/anti-passback '{"own":false}') || fail "own anti-passback off refused: $out"
[[ $out == *'"enforced":false'* ]] || fail "own anti-passback off: $out"
until_decision 3 entry granted

# A gate that joins the area learns its places, replacing what it knew: the store room last saw
# the user enter, but the area has the user outside after an exit at P1.
[[ $(sim swipe 1 "$card" exit) == granted* ]] || fail "exit at P1 before the store room joins refused"
for _ in $(seq 1 100); do
  [[ $(sqlite3 "$WORK/data/monban.db" "SELECT inside FROM gate_passback_places") == 0 ]] && break
  sleep 0.1
done
[[ $(sqlite3 "$WORK/data/monban.db" "SELECT inside FROM gate_passback_places") == 0 ]] ||
  fail "the area's places do not have the user outside after the exit"
[[ $(sim decide 3 "$card" entry) == granted* ]] || fail "the store room refuses an entry before joining"
out=$(api PUT /api/v1/passback-areas/LOBBY '{"name":"Lobby","gates":[1,2,3]}') || fail "joining refused: $out"
for _ in $(seq 1 100); do grep -q "gate P3: anti-passback places sent" "$WORK/serve.log" && break; sleep 0.1; done
grep -q "gate P3: anti-passback places sent: 1 users" "$WORK/serve.log" || fail "no places sent to P3 on joining"
until_decision 3 exit denied_passback # outside: an exit is the violation now
[[ $(sim swipe 3 "$card" entry) == granted* ]] || fail "entry at the store room in the area refused"

# Deleting the area lifts anti-passback at its gates.
api DELETE /api/v1/passback-areas/LOBBY >/dev/null || fail "delete refused"
api POST /api/v1/controllers/verify '{"repair":true}' >/dev/null || fail "verify refused"
until_decision 1 entry granted
rc=0
api DELETE /api/v1/passback-areas/LOBBY >/dev/null || rc=$?
[[ $rc == 22 ]] || fail "deleting a missing area: curl exit $rc"
echo "passback: ok"
