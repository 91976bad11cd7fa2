#!/usr/bin/env bash
# `monban serve` end to end on a real database: migrate, start the example plugin, list it
# running through the control socket, see its work in the database, refuse a second host, stop
# cleanly on SIGTERM.  Usage: serve_and_list.sh MONBAN PLUGIN_DIR sqlite|postgresql|odbc
MONBAN=$1
PLUGINS=$2
BACKEND=$3
source "$(dirname "$0")/../lib/host.sh"

case $BACKEND in
  sqlite)
    write_config "$WORK" "$PLUGINS" sqlite monban.db
    sql() { sqlite3 "$WORK/data/monban.db" "$1"; }
    ;;
  postgresql | odbc)
    : "${MONBAN_TEST_PG_CONNINFO:?is not set: run ./scripts/test, which starts a PostgreSQL server}"
    db="monban_it_$$"
    psql "$MONBAN_TEST_PG_CONNINFO" -qc "CREATE DATABASE $db"
    trap 'cleanup; psql "$MONBAN_TEST_PG_CONNINFO" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)"' EXIT
    pg="${MONBAN_TEST_PG_CONNINFO/dbname=postgres/dbname=$db}"
    if [[ $BACKEND == postgresql ]]; then
      write_config "$WORK" "$PLUGINS" postgresql "$pg"
    else
      write_config "$WORK" "$PLUGINS" odbc "${MONBAN_TEST_ODBC/DATABASE=postgres/DATABASE=$db}"
    fi
    sql() { psql "$pg" -Atqc "$1"; }
    ;;
  *) fail "unknown backend $BACKEND" ;;
esac
printf 'greeting = Konnichiwa\naudience = gate 1\n' >"$WORK/config/plugins/hello.ini"

out=$("$MONBAN" db migrate --config-dir "$WORK/config")
expect_contains "$out" "host" "db migrate lists the host schema"
expect_contains "$(sql "SELECT component || ':' || version FROM monban_schema_migrations")" "host:1" "host migration recorded"

start_host "$WORK/config"
json=$("$MONBAN" plugins list --json --config-dir "$WORK/config" 2>"$WORK/list.err")
[[ ! -s $WORK/list.err ]] || fail "plugins list did not reach the running host: $(cat "$WORK/list.err")"
expect_contains "$json" '"id":"hello"' "plugins list --json names the plugin"
expect_contains "$json" '"state":"running"' "plugins list --json shows it running"
table=$("$MONBAN" plugins list --config-dir "$WORK/config")
[[ $table =~ hello[[:space:]]+1\.0\.0[[:space:]]+running ]] || fail "plugins list table: $table"

expect_contains "$(sql "SELECT message FROM hello_greetings")" "Konnichiwa, gate 1!" "the plugin wrote through the host's pool"
expect_contains "$(sql "SELECT component || ':' || version FROM monban_schema_migrations")" "hello:1" "plugin migration recorded"

second=$("$MONBAN" serve --config-dir "$WORK/config" 2>&1) && fail "a second host started on the same data directory"
expect_contains "$second" "another Monban host is already running" "second host refused"

stop_host
expect_contains "$(cat "$WORK/serve.log")" "plugin 'hello' stopped" "plugin stopped on SIGTERM"
[[ ! -e $WORK/data/monban.sock ]] || fail "control socket left behind"
echo "serve_and_list ($BACKEND): ok"
