#!/usr/bin/env bash
# The web UI in a real browser: Debian's Chromium, headless, driven by playwright-core
# (web_assets/e2e/browser-test.mjs) against `monban serve` with the built UI. Screenshots of
# every main screen are kept in SCREENSHOT_DIR as test artifacts.
# Usage: browser.sh MONBAN PLUGIN_DIR SOURCE_DIR SCREENSHOT_DIR
MONBAN=$1
PLUGINS=$2
SOURCE=$3
SHOTS=$4
source "$(dirname "$0")/../lib/host.sh"
[[ -f $PLUGINS/web-ui/index.html ]] || fail "the web UI is not built ($PLUGINS/web-ui/index.html)"
[[ -d $SOURCE/web_assets/node_modules/playwright-core ]] || fail "playwright-core is not installed (npm ci in web_assets)"
command -v chromium >/dev/null || fail "chromium is not installed (./scripts/setup installs it)"

write_config "$WORK" "$PLUGINS" sqlite monban.db
boot=$("$MONBAN" operators bootstrap admin --config-dir "$WORK/config")
password=$(awk '/one-time password:/ {print $3}' <<<"$boot")

# One simulated controller behind gate E2EGATE, and a user whose card may pass it at level 2: the
# test changes the calendar in the UI and watches the controller's decisions follow the transfer.
SIM=$(dirname "$MONBAN")/controller-sim
[[ -x $SIM ]] || fail "the controller simulator is not built ($SIM)"
sim_port=$(free_port 1)
gate_port=$(free_port_outside "$sim_port" 1)
sim_control=$(free_port_outside "$sim_port" 1)
printf 'listen = 127.0.0.1\nport = %s\npassword = browser-controller-password\n' "$gate_port" \
  >"$WORK/config/plugins/gate.ini"
"$MONBAN" gates add E2EGATE "E2E ゲート" "127.0.0.1:$sim_port" E2EGROUP --config-dir "$WORK/config" >/dev/null
printf 'operation,user_id,name,cards,gates\nadd,E2ESIM,E2E 通行者,E2E0000051,E2EGATE:2\n' >"$WORK/sim-user.csv"
"$MONBAN" users import "$WORK/sim-user.csv" --config-dir "$WORK/config" >/dev/null
start_host "$WORK/config"
"$SIM" run --password browser-controller-password --controllers 1 --base-port "$sim_port" \
  --server "127.0.0.1:$gate_port" --control-port "$sim_control" >"$WORK/sim.log" 2>&1 &
SIM_PID=$!
trap 'kill $SIM_PID 2>/dev/null || true; cleanup' EXIT
wait_sim

rm -rf "$SHOTS"
mkdir -p "$SHOTS"
MONBAN_URL="https://localhost:$WEB_PORT" MONBAN_LOGIN=admin MONBAN_PASSWORD="$password" \
  MONBAN_SCREENSHOTS="$SHOTS" CHROMIUM=$(command -v chromium) \
  MONBAN_SIM="$SIM" MONBAN_SIM_CONTROL=$sim_control MONBAN_SIM_GATE=E2EGATE MONBAN_SIM_CARD=E2E0000051 \
  node "$SOURCE/web_assets/e2e/browser-test.mjs" || fail "browser test failed (screenshots in $SHOTS)"
stop_host
echo "browser: ok; screenshots in $SHOTS"
