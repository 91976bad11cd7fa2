#!/usr/bin/env bash
# The web plugin over real HTTPS: starts `monban serve` on a fresh database (SQLite or the test
# PostgreSQL server), bootstraps the first administrator, and runs the API tests
# (api.test.mjs, node:test) against it.
# Usage: web_api.sh MONBAN PLUGIN_DIR SOURCE_DIR sqlite|postgresql
MONBAN=$1
PLUGINS=$2
SOURCE=$3
BACKEND=${4:-sqlite}
source "$(dirname "$0")/../lib/host.sh"
command -v node >/dev/null || fail "node is not installed (./scripts/setup installs it)"

if [[ $BACKEND == postgresql ]]; then
  : "${MONBAN_TEST_PG_CONNINFO:?is not set: run ./scripts/test, which starts a PostgreSQL server}"
  db="monban_web_$$"
  psql "$MONBAN_TEST_PG_CONNINFO" -qc "CREATE DATABASE $db"
  trap 'cleanup; psql "$MONBAN_TEST_PG_CONNINFO" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)"' EXIT
  write_config "$WORK" "$PLUGINS" postgresql "${MONBAN_TEST_PG_CONNINFO/dbname=postgres/dbname=$db}"
else
  write_config "$WORK" "$PLUGINS" sqlite monban.db
fi
http_port=$(free_port)
max_sessions=6
printf 'port = %s\nhttp_port = %s\nmax_sessions = %s\n' "$WEB_PORT" "$http_port" "$max_sessions" \
  >"$WORK/config/plugins/web.ini"

boot=$("$MONBAN" operators bootstrap admin --config-dir "$WORK/config")
password=$(awk '/one-time password:/ {print $3}' <<<"$boot")
[[ -n $password ]] || fail "operators bootstrap printed no password: $boot"
"$MONBAN" operators bootstrap other --config-dir "$WORK/config" >/dev/null 2>&1 &&
  fail "a second bootstrap was accepted"

start_host "$WORK/config"
grep -q "web UI and API at https://localhost:$WEB_PORT/" "$WORK/serve.log" || fail "the web plugin did not start"

MONBAN_URL="https://localhost:$WEB_PORT" MONBAN_HTTP_URL="http://localhost:$http_port" \
  MONBAN_LOGIN=admin MONBAN_PASSWORD="$password" MONBAN_MAX_SESSIONS=$max_sessions \
  MONBAN_DOCS="$SOURCE/docs/api.md" NODE_EXTRA_CA_CERTS="$WORK/data/plugins/web/self-signed-cert.pem" \
  node --test "$SOURCE/tests/web/api.test.mjs" || fail "API tests failed ($BACKEND)"

stop_host
echo "web_api ($BACKEND): ok"
