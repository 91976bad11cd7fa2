# Helpers for tests that drive the real `monban` command. Source this file; it expects
# MONBAN (the binary) and sets WORK to a fresh directory removed at exit.
set -euo pipefail

WORK=$(mktemp -d /tmp/monban-it.XXXXXXXX)
HOST_PID=
cleanup() {
  if [[ -n $HOST_PID ]] && kill -0 "$HOST_PID" 2>/dev/null; then kill -KILL "$HOST_PID" 2>/dev/null || true; fi
  release_ports
  rm -rf "$WORK"
}
trap cleanup EXIT

fail() {
  echo "FAIL: $*" >&2
  if [[ -f $WORK/serve.log ]]; then
    echo "--- host log ---" >&2
    tail -n 30 "$WORK/serve.log" >&2
  fi
  if [[ -f $WORK/sim.log ]]; then
    echo "--- simulator log ---" >&2
    tail -n 15 "$WORK/sim.log" >&2
  fi
  exit 1
}

source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib/ports.sh"

# Ports handed to this test, reserved against the tests running beside it: a port is chosen
# before whatever binds it starts, so the kernel's tables alone cannot keep two tests apart.
# A reservation is a directory holding the test's PID; one whose test has gone is taken over.
PORT_RESERVATIONS=/tmp/monban-test-ports

# reserve_port PORT: true when this test now holds PORT.
reserve_port() {
  local dir=$PORT_RESERVATIONS/$1 owner
  mkdir -p "$PORT_RESERVATIONS"
  if ! mkdir "$dir" 2>/dev/null; then
    owner=$(cat "$dir/pid" 2>/dev/null || true)
    [[ -n $owner ]] && ! kill -0 "$owner" 2>/dev/null || return 1
    rm -rf "$dir"
    mkdir "$dir" 2>/dev/null || return 1
  fi
  echo "$$" >"$dir/pid"
}

# release_ports: gives back every port this test reserved.
release_ports() {
  local pidfile
  for pidfile in "$PORT_RESERVATIONS"/*/pid; do
    [[ -f $pidfile && $(cat "$pidfile" 2>/dev/null) == "$$" ]] && rm -rf "$(dirname "$pidfile")"
  done
  return 0
}

# free_port [COUNT]: the first of COUNT (default 1) consecutive ports nobody is bound to now,
# reserved for this test. Tests run side by side, so never a fixed port; and below the kernel's
# ephemeral range (32768 and up), which outgoing connections take from at any time.
free_port() {
  local port count=${1:-1} i taken
  for _ in $(seq 1 100); do
    port=$((20000 + RANDOM % (12700 - count)))
    taken=0
    for ((i = 0; i < count; i++)); do
      if port_bound $((port + i)); then
        taken=1
        break
      fi
    done
    ((taken)) && continue
    for ((i = 0; i < count; i++)); do
      if ! reserve_port $((port + i)); then
        taken=1
        break
      fi
    done
    if ((taken)); then
      for ((i--; i >= 0; i--)); do rm -rf "${PORT_RESERVATIONS:?}/$((port + i))"; done
      continue
    fi
    echo "$port"
    return 0
  done
  fail "no $count free port(s) found"
}

# free_port_outside FIRST COUNT: a free port not in FIRST .. FIRST+COUNT-1 (the ports of COUNT
# simulated controllers), for the server's and the simulator's control port.
free_port_outside() {
  local port
  for _ in $(seq 1 20); do
    port=$(free_port)
    if ((port < $1 || port >= $1 + $2)); then
      echo "$port"
      return 0
    fi
  done
  fail "no free port outside $1-$(($1 + $2 - 1))"
}

# write_config DIR PLUGIN_DIR [BACKEND CONNECTION]: a host config with its data under DIR; the
# web plugin listens on a free port (WEB_PORT) and serves no plain-HTTP redirect.
write_config() {
  local dir=$1 plugins=$2 backend=${3:-sqlite} connection=${4:-monban.db}
  mkdir -p "$dir/config/plugins" "$dir/data"
  cat >"$dir/config/monban.ini" <<INI
[host]
name = Monban test
data_dir = $dir/data
plugin_dir = $plugins
[database]
backend = $backend
connection = $connection
pool_size = 4
[log]
level = information
INI
  WEB_PORT=$(free_port)
  printf 'port = %s\nhttp_port = 0\n' "$WEB_PORT" >"$dir/config/plugins/web.ini"
  printf 'port = 0\nlisten = 127.0.0.1\npassword = test-controller-password\n' >"$dir/config/plugins/gate.ini"
}

# start_host CONFIG_DIR: runs `monban serve` in the background and waits until it answers.
start_host() {
  local config=$1
  "$MONBAN" serve --config-dir "$config" >"$WORK/serve.log" 2>&1 &
  HOST_PID=$!
  for _ in $(seq 1 100); do
    if grep -q "Monban running" "$WORK/serve.log" 2>/dev/null; then return 0; fi
    kill -0 "$HOST_PID" 2>/dev/null || fail "monban serve exited early"
    sleep 0.1
  done
  fail "monban serve did not report running within 10 s"
}

# stop_host: SIGTERM, then the host must exit 0 within 10 s.
stop_host() {
  kill -TERM "$HOST_PID"
  local rc=0
  for _ in $(seq 1 100); do
    if ! kill -0 "$HOST_PID" 2>/dev/null; then
      wait "$HOST_PID" || rc=$?
      HOST_PID=
      [[ $rc == 0 ]] || fail "monban serve exited with $rc"
      return 0
    fi
    sleep 0.1
  done
  fail "monban serve did not stop within 10 s of SIGTERM"
}

# expect_contains TEXT NEEDLE WHAT
expect_contains() {
  [[ $1 == *"$2"* ]] || fail "$3: expected to find '$2' in: $1"
}

# first_sign_in LOGIN ONE_TIME_PASSWORD NEW_PASSWORD: signs in over HTTPS with the password
# `monban operators bootstrap` printed and makes the change the web UI asks for at the first
# sign-in; leaves SESSION_TOKEN and CSRF_TOKEN for `api`.
first_sign_in() {
  local login=$1 once=$2 new=$3
  sign_in "$login" "$once"
  api POST /api/v1/session/password "{\"current_password\":\"$once\",\"new_password\":\"$new\"}" >/dev/null ||
    fail "password change refused"
}

# sign_in LOGIN PASSWORD: a new session for `api` (after a restart of the host, say).
sign_in() {
  local login=$1 password=$2
  API_BASE="https://localhost:$WEB_PORT"
  API_CA=(--cacert "$WORK/data/plugins/web/self-signed-cert.pem")
  curl -s "${API_CA[@]}" -D "$WORK/headers" -o "$WORK/login.json" -H 'Content-Type: application/json' \
    -d "{\"login_id\":\"$login\",\"password\":\"$password\"}" "$API_BASE/api/v1/session" ||
    fail "no answer from $API_BASE (curl exit $?)"
  SESSION_TOKEN=$(sed -n 's/.*__Host-monban_session=\([0-9a-f]*\).*/\1/p' "$WORK/headers" | head -1)
  CSRF_TOKEN=$(sed -n 's/.*"csrf_token":"\([0-9a-f]*\)".*/\1/p' "$WORK/login.json")
  [[ -n $SESSION_TOKEN && -n $CSRF_TOKEN ]] || fail "sign-in as $login refused: $(cat "$WORK/login.json")"
}

# api METHOD PATH [JSON]: one call in the session of first_sign_in; prints the answer's body
# (the error's too) and fails (exit status 22) on an HTTP error.
api() {
  local data=()
  [[ $# -ge 3 ]] && data=(-H 'Content-Type: application/json' -d "$3")
  curl -s --fail-with-body "${API_CA[@]}" -X "$1" -H "Cookie: __Host-monban_session=$SESSION_TOKEN" \
    -H "X-CSRF-Token: $CSRF_TOKEN" "${data[@]}" "$API_BASE$2"
}

# gate_setup COUNT PASSWORD [EXTRA_INI]: a host config (write_config) whose gate plugin listens
# on loopback for COUNT simulated controllers on base_port.. (gate_port and control_port kept
# out of their range), gate.ini with PASSWORD and any EXTRA_INI lines; sets cfg.
gate_setup() {
  write_config "$WORK" "$PLUGINS"
  base_port=$(free_port "$1")
  gate_port=$(free_port_outside "$base_port" "$1")
  control_port=$(free_port_outside "$base_port" "$1")
  GATE_INI_EXTRA=${3:-}
  gate_ini "$2"
  cfg=(--config-dir "$WORK/config")
}

# gate_ini PASSWORD: rewrites gate.ini with another password.
gate_ini() {
  printf 'listen = 127.0.0.1\nport = %s\npassword = %s\n%s' "$gate_port" "$1" "$GATE_INI_EXTRA" \
    >"$WORK/config/plugins/gate.ini"
}

# start_sim COUNT PASSWORD [SIM OPTIONS...]: the controller simulator (SIM) in the background,
# stopped at exit; `sim ARGS` sends it a control command.
start_sim() {
  "$SIM" run --password "$2" --controllers "$1" --base-port "$base_port" \
    --server "127.0.0.1:$gate_port" --control-port "$control_port" "${@:3}" >"$WORK/sim.log" 2>&1 &
  SIM_PID=$!
  trap 'kill $SIM_PID 2>/dev/null || true; cleanup' EXIT
  wait_sim
}

# wait_sim: waits until the simulator started as SIM_PID (output in $WORK/sim.log) has bound its
# ports; fails with its log when it exits instead (a port taken, say).
wait_sim() {
  for _ in $(seq 1 300); do
    grep -q "^controller-sim: .* controllers (ids" "$WORK/sim.log" 2>/dev/null && return 0
    kill -0 "$SIM_PID" 2>/dev/null || fail "the controller simulator stopped at start: $(tail -n 3 "$WORK/sim.log")"
    sleep 0.1
  done
  fail "the controller simulator did not start within 30 s"
}
sim() { "$SIM" ctl "$control_port" "$@"; }
