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
start_host "$WORK/config"

rm -rf "$SHOTS"
mkdir -p "$SHOTS"
MONBAN_URL="https://localhost:$WEB_PORT" MONBAN_LOGIN=admin MONBAN_PASSWORD="$password" \
  MONBAN_SCREENSHOTS="$SHOTS" CHROMIUM=$(command -v chromium) \
  node "$SOURCE/web_assets/e2e/browser-test.mjs" || fail "browser test failed (screenshots in $SHOTS)"
stop_host
echo "browser: ok; screenshots in $SHOTS"
