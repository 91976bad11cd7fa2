#!/usr/bin/env bash
# Soak: simulated controllers drop 10% and duplicate 5% of frames while 20,000 card swipes happen,
# and the host is killed with SIGKILL and restarted twice. Afterwards the history must hold every
# event each controller generated exactly once: none lost, none twice, no gap records.
# Usage: soak.sh MONBAN CONTROLLER_SIM PLUGIN_DIR [SWIPES] [CONTROLLERS]
MONBAN=$1
SIM=$2
PLUGINS=$3
SWIPES=${4:-20000}
CONTROLLERS=${5:-20}
source "$(dirname "$0")/../lib/host.sh"

write_config "$WORK" "$PLUGINS"
base_port=$(free_port "$CONTROLLERS")
gate_port=$(free_port_outside "$base_port" "$CONTROLLERS")
control_port=$(free_port_outside "$base_port" "$CONTROLLERS")
cat >"$WORK/config/plugins/gate.ini" <<INI
listen = 127.0.0.1
port = $gate_port
password = soak-controller-password
status_seconds = 1
events_seconds = 2
INI

for i in $(seq 1 "$CONTROLLERS"); do
  "$MONBAN" gates add "G$i" "Gate $i" "127.0.0.1:$((base_port + i - 1))" SOAK --config-dir "$WORK/config" >/dev/null
done
{
  echo "operation,user_id,name,affiliation,valid_from,valid_to,cards,gates"
  for u in $(seq 1 200); do
    printf 'add,U%03d,User %d,,,,%016X,G%d;G%d\n' "$u" "$u" "$((u * 7919))" "$(((u % CONTROLLERS) + 1))" \
      "$((((u + 3) % CONTROLLERS) + 1))"
  done
} >"$WORK/users.csv"
"$MONBAN" users import "$WORK/users.csv" --config-dir "$WORK/config" >/dev/null

start_host "$WORK/config"
start_sim "$CONTROLLERS" soak-controller-password
ctl() { sim "$@"; }

# Wait until the start-up check sent every controller its permission table.
for _ in $(seq 1 100); do
  grep -q "controllers checked at start" "$WORK/serve.log" && break
  sleep 0.1
done
[[ $(ctl cards 1) != "" ]] || fail "controller 1 received no permission table"

ctl fault drop 10 >/dev/null
ctl fault duplicate 5 >/dev/null
rounds=40
per_round=$((SWIPES / rounds))
for round in $(seq 1 $rounds); do
  ctl swipes "$per_round" >/dev/null
  if [[ $round == 12 || $round == 28 ]]; then
    kill -KILL "$HOST_PID"
    wait "$HOST_PID" 2>/dev/null || true
    HOST_PID=
    ctl swipes 200 >/dev/null  # swipes while the server is away stay in the controllers
    mv "$WORK/serve.log" "$WORK/serve-$round.log"
    start_host "$WORK/config"
  fi
  sleep 0.1
done
ctl fault clear >/dev/null

# Everything buffered drains: pushes, then the periodic fetch.
for _ in $(seq 1 300); do
  buffered=$(ctl stats | sed -E 's/.*"buffered":([0-9]+).*/\1/')
  [[ $buffered == 0 ]] && break
  sleep 0.2
done
[[ $buffered == 0 ]] || fail "controllers still hold $buffered events after 60 s"
stop_host

generated=0
for i in $(seq 1 "$CONTROLLERS"); do
  n=$(ctl status "$i" | sed -E 's/.*"generated":([0-9]+).*/\1/')
  generated=$((generated + n))
done
"$MONBAN" history export "$WORK/history.csv" --config-dir "$WORK/config" >/dev/null
# controller_id is column 5, event_seq 6, gap the last.
read -r rows distinct gaps < <(awk -F, 'NR > 1 && $5 != "" { rows++; key[$5 "/" $6] = 1; if ($NF == 1) gaps++ }
  END { n = 0; for (k in key) n++; print rows + 0, n, gaps + 0 }' "$WORK/history.csv")
stats=$(ctl stats)
echo "swipes $(sed -E 's/.*"swipes":([0-9]+).*/\1/' <<<"$stats"), events generated $generated, history rows $rows" \
  "(distinct $distinct, gap records $gaps); simulator $stats"
[[ $rows == "$generated" ]] || fail "history holds $rows controller events, the controllers generated $generated"
[[ $distinct == "$rows" ]] || fail "history holds $((rows - distinct)) duplicated events"
[[ $gaps == 0 ]] || fail "history holds $gaps gap records though no event was lost"
dropped=$(sed -E 's/.*"dropped":([0-9]+).*/\1/' <<<"$stats")
[[ $dropped -gt 100 ]] || fail "the simulator dropped only $dropped frames: the faults did not happen"
echo "PASS: every event exactly once across two SIGKILL restarts with 10% drop and 5% duplication"
