#!/usr/bin/env bash
# The CLI's answers to people: version, help on each command, configuration errors that name
# file and key, plugin states without a running host, refusal of unsafe plugin directories.
# Usage: commands.sh MONBAN PLUGIN_DIR
MONBAN=$1
PLUGINS=$2
source "$(dirname "$0")/../lib/host.sh"

[[ $("$MONBAN" --version) =~ ^monban\ [0-9]+\.[0-9]+\.[0-9]+\ \(SDK\ 1\.3\.0,\ ABI\ 1\.3\)$ ]] || fail "--version: $("$MONBAN" --version)"
expect_contains "$("$MONBAN" --help)" "plugins list" "top-level help lists commands"
expect_contains "$("$MONBAN" serve --help)" "usage: monban serve" "serve --help"
expect_contains "$("$MONBAN" plugins list --help)" "usage: monban plugins list [--json]" "plugins list --help"
expect_contains "$("$MONBAN" db migrate --help)" "usage: monban db migrate" "db migrate --help"
expect_contains "$("$MONBAN" config check --help)" "usage: monban config check" "config check --help"
rc=0; out=$("$MONBAN" frobnicate 2>&1) || rc=$?
[[ $rc == 64 ]] || fail "unknown command exit code $rc"
expect_contains "$out" "unknown command 'frobnicate'" "unknown command named"

# A good configuration passes the check; the example plugin is loaded but not started.
write_config "$WORK" "$PLUGINS"
expect_contains "$("$MONBAN" config check --config-dir "$WORK/config")" "configuration OK" "config check on good config"
list=$("$MONBAN" plugins list --config-dir "$WORK/config" 2>&1)
expect_contains "$list" "no running host answers" "offline plugins list says so"
[[ $list =~ hello[[:space:]]+1\.0\.0[[:space:]]+loaded ]] || fail "offline plugins list: $list"

# Bad host keys: every problem, with file and key, and exit code 78.
printf '[host]\ndata_dir = %s\n[database]\nbakend = sqlite\npool_size = 100\n' "$WORK/data" >"$WORK/config/monban.ini"
rc=0; out=$("$MONBAN" config check --config-dir "$WORK/config" 2>&1) || rc=$?
[[ $rc == 78 ]] || fail "bad host config exit code $rc"
expect_contains "$out" "$WORK/config/monban.ini: unknown key 'database.bakend'" "unknown host key named"
expect_contains "$out" "$WORK/config/monban.ini: key 'database.pool_size': '100' is outside 1..64" "bad host value named"
rc=0; "$MONBAN" serve --config-dir "$WORK/config" >/dev/null 2>&1 || rc=$?
[[ $rc == 78 ]] || fail "serve with bad config exit code $rc"
[[ ! -e $WORK/data/monban.db ]] || fail "serve with bad config created a database"

# A key given twice is an error, not a silent choice.
write_config "$WORK" "$PLUGINS"
printf '[log]\nlevel = debug\n' >>"$WORK/config/monban.ini"
rc=0; out=$("$MONBAN" config check --config-dir "$WORK/config" 2>&1) || rc=$?
[[ $rc == 78 ]] || fail "repeated key exit code $rc"
expect_contains "$out" "key 'log.level' is set twice" "repeated key named"

# Bad plugin keys and a config file for no plugin.
write_config "$WORK" "$PLUGINS"
printf 'record = maybe\n' >"$WORK/config/plugins/hello.ini"
printf 'x = 1\n' >"$WORK/config/plugins/helo.ini"
rc=0; out=$("$MONBAN" config check --config-dir "$WORK/config" 2>&1) || rc=$?
[[ $rc == 78 ]] || fail "bad plugin config exit code $rc"
expect_contains "$out" "plugin 'hello': $WORK/config/plugins/hello.ini: key 'record': 'maybe' is not a boolean" "bad plugin value named"
expect_contains "$out" "$WORK/config/plugins/helo.ini: no installed plugin has this id" "orphan plugin config named"

# A plugin directory anyone can write to is refused.
rm "$WORK/config/plugins/"*.ini
cp -r "$PLUGINS" "$WORK/open-plugins"
chmod 0777 "$WORK/open-plugins"
write_config "$WORK" "$WORK/open-plugins"
rc=0; out=$("$MONBAN" config check --config-dir "$WORK/config" 2>&1) || rc=$?
[[ $rc == 78 ]] || fail "world-writable plugin dir exit code $rc"
expect_contains "$out" "is writable by every user; its plugins are refused" "world-writable directory refused"
# An unreachable database is reported as such, with its own exit code (69, unavailable).
write_config "$WORK" "$PLUGINS" postgresql "host=127.0.0.1 port=1 dbname=monban connect_timeout=2"
rc=0; out=$("$MONBAN" db migrate --config-dir "$WORK/config" 2>&1) || rc=$?
[[ $rc == 69 ]] || fail "unreachable database exit code $rc"
expect_contains "$out" "database error: cannot open the postgresql database" "unreachable database named"
echo "commands: ok"
