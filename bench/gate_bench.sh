#!/usr/bin/env bash
# Benchmark of the gate plugin against simulated controllers over loopback UDP (SPEC section 5):
# a status sweep over every controller, one permission change end to end, a full permission
# transfer, and sustained event ingestion into the history, with raw loopback UDP round trips
# (50 requesters) measured in the same run as the reference. Figures: docs/performance.md.
# Usage: gate_bench.sh MONBAN PLUGIN_DIR CONTROLLER_SIM UDP_REFERENCE [CONTROLLERS] [USERS] [EVENTS]
set -euo pipefail
MONBAN=$(realpath "$1")
PLUGINS=$(realpath "$2")
SIM=$(realpath "$3")
UDP_REFERENCE=$(realpath "$4")
CONTROLLERS=${5:-1000}
USERS=${6:-300000}
EVENTS=${7:-1000000}
PER_USER=10
source "$(dirname "$0")/../tests/lib/host.sh"
bench_dir=$(dirname "$(realpath "$0")")

echo "gate bench: $CONTROLLERS controllers, $USERS users with $PER_USER gate permissions each, $EVENTS events"
"$UDP_REFERENCE" --workers 50 --seconds 3 | tee "$WORK/udp.txt"

write_config "$WORK" "$PLUGINS"
# Controller i listens on base_port + i - 1.
base_port=$((30000 + RANDOM % 20000))
gate_port=$(free_port_outside "$base_port" "$CONTROLLERS")
control_port=$(free_port_outside "$base_port" "$CONTROLLERS")
# The periodic poll and fetch stay out of the way; the sweep is measured on request.
cat >"$WORK/config/plugins/gate.ini" <<INI
listen = 127.0.0.1
port = $gate_port
password = bench-controller-password
status_seconds = 3600
events_seconds = 3600
INI

started=$(date +%s.%N)
for i in $(seq 1 "$CONTROLLERS"); do
  echo "$i"
done | while read -r i; do
  "$MONBAN" gates add "G$i" "Gate $i" "127.0.0.1:$((base_port + i - 1))" BENCH --config-dir "$WORK/config" >/dev/null
done
echo "setup: $CONTROLLERS gates added in $(awk -v s="$started" -v e="$(date +%s.%N)" 'BEGIN {printf "%.1f", e - s}') s"

# User i may pass PER_USER gates spread evenly over all of them; cards are 16 hex digits.
awk -v n="$USERS" -v g="$CONTROLLERS" -v k="$PER_USER" 'BEGIN {
  print "operation,user_id,name,cards,gates"
  step = int(g / k); if (step < 1) step = 1
  for (i = 1; i <= n; i++) {
    gates = ""
    for (j = 0; j < k; j++) gates = gates (j ? ";" : "") "G" (((i + j * step) % g) + 1)
    printf "add,U%07d,User %d,%016X,%s\n", i, i, i, gates
  }
}' >"$WORK/users.csv"
started=$(date +%s.%N)
"$MONBAN" users import "$WORK/users.csv" --config-dir "$WORK/config" >"$WORK/import.txt" 2>&1 ||
  { cat "$WORK/import.txt"; fail "users import failed"; }
echo "setup: $USERS users imported in $(awk -v s="$started" -v e="$(date +%s.%N)" 'BEGIN {printf "%.1f", e - s}') s"
password=$("$MONBAN" operators bootstrap admin --config-dir "$WORK/config" | awk '/one-time password:/ {print $3}')

# The controllers are up before the host: its start-up check sends each one every table.
"$SIM" run --password bench-controller-password --controllers "$CONTROLLERS" --base-port "$base_port" \
  --server "127.0.0.1:$gate_port" --control-port "$control_port" --buffer 100000 >"$WORK/sim.log" 2>&1 &
SIM_PID=$!
trap 'kill $SIM_PID 2>/dev/null || true; cleanup' EXIT
for _ in $(seq 1 100); do "$SIM" ctl "$control_port" stats >/dev/null 2>&1 && break; sleep 0.1; done
started=$(date +%s.%N)
start_host "$WORK/config"
for _ in $(seq 1 3000); do
  grep -q "controllers checked at start" "$WORK/serve.log" && break
  sleep 0.1
done
grep -q "controllers checked at start" "$WORK/serve.log" || fail "the start-up check did not end within 300 s"
echo "start-up check (every table to every controller): $(grep -o 'controllers checked at start.*' "$WORK/serve.log")" \
  "after $(awk -v s="$started" -v e="$(date +%s.%N)" 'BEGIN {printf "%.1f", e - s}') s," \
  "server peak resident $(awk '/VmHWM/ {printf "%d MiB", $2 / 1024}' "/proc/$HOST_PID/status")"

MONBAN_URL="https://localhost:$WEB_PORT" MONBAN_PASSWORD="$password" MONBAN_SIM="$SIM" \
  MONBAN_SIM_CONTROL=$control_port MONBAN_CONTROLLERS=$CONTROLLERS MONBAN_USERS=$USERS \
  MONBAN_PER_USER=$PER_USER MONBAN_EVENTS=$EVENTS MONBAN_SERVE_LOG="$WORK/serve.log" \
  MONBAN_UDP_REFERENCE="$(awk '{print $(NF-2)}' "$WORK/udp.txt")" \
  NODE_EXTRA_CA_CERTS="$WORK/data/plugins/web/self-signed-cert.pem" \
  node "$bench_dir/gate_bench.mjs" || fail "gate bench failed"
stop_host
