#!/usr/bin/env bash
# HTTP benchmark of the web plugin with wrk: the access-user list over HTTPS with N users loaded
# (default 300,000), 100 connections, against a trivial route (/api/v1/live) of the same server
# measured in the same run. Also reports the host's peak memory with the users loaded.
# Usage: web_bench.sh MONBAN PLUGIN_DIR [USERS] [SECONDS]
set -euo pipefail
MONBAN=$(realpath "$1")
PLUGINS=$(realpath "$2")
USERS=${3:-300000}
SECONDS_PER_RUN=${4:-20}
CONNECTIONS=100

work=$(mktemp -d /tmp/monban-web-bench.XXXXXXXX)
pid=
trap '[[ -n $pid ]] && kill "$pid" 2>/dev/null; [[ -n ${KEEP:-} ]] || rm -rf "$work"' EXIT
port_busy() { timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }
port=28443
while port_busy "$port"; do ((++port < 28543)) || { echo "web_bench: no free port" >&2; exit 1; }; done

mkdir -p "$work/config/plugins" "$work/data"
cat >"$work/config/monban.ini" <<INI
[host]
data_dir = $work/data
plugin_dir = $PLUGINS
[log]
level = warning
INI
printf 'port = %s\nhttp_port = 0\nthreads = 256\n' "$port" >"$work/config/plugins/web.ini"

echo "web bench: generating and importing $USERS access users"
{
  echo "operation,code,name,parent"
  for a in $(seq 1 20); do echo "add,A$a,Affiliation $a,"; done
} >"$work/affiliations.csv"
awk -v n="$USERS" 'BEGIN {
  print "operation,user_id,name,reading,affiliation,cards"
  for (i = 1; i <= n; i++) printf "add,U%07d,User %d,ユーザー %d,A%d,%08X\n", i, i, i, (i % 20) + 1, i
}' >"$work/users.csv"
"$MONBAN" affiliations import "$work/affiliations.csv" --config-dir "$work/config" >/dev/null
"$MONBAN" users import "$work/users.csv" --config-dir "$work/config" >/dev/null 2>&1
password=$("$MONBAN" operators bootstrap admin --config-dir "$work/config" | awk '/one-time password:/ {print $3}')

"$MONBAN" serve --config-dir "$work/config" >"$work/serve.log" 2>&1 &
pid=$!
up=0
for _ in $(seq 1 100); do
  if curl -sk "https://localhost:$port/api/v1/live" >/dev/null 2>&1; then up=1; break; fi
  sleep 0.2
done
((up)) || { echo "web bench: the server did not answer on port $port" >&2; cat "$work/serve.log" >&2; exit 1; }

sign_in() {  # sign_in PASSWORD → prints "TOKEN CSRF"
  curl -sk -D "$work/headers" -o "$work/login.json" -H 'Content-Type: application/json' \
    -d "{\"login_id\":\"admin\",\"password\":\"$1\"}" "https://localhost:$port/api/v1/session"
  token=$(sed -n 's/.*__Host-monban_session=\([0-9a-f]*\).*/\1/p' "$work/headers" | head -1)
  csrf=$(sed -n 's/.*"csrf_token":"\([0-9a-f]*\)".*/\1/p' "$work/login.json")
  echo "$token $csrf"
}
read -r token csrf < <(sign_in "$password")
new_password="web bench password $RANDOM$RANDOM"
curl -sk -o /dev/null -H "Cookie: __Host-monban_session=$token" -H "X-CSRF-Token: $csrf" \
  -H 'Content-Type: application/json' -d "{\"current_password\":\"$password\",\"new_password\":\"$new_password\"}" \
  "https://localhost:$port/api/v1/session/password"
read -r token csrf < <(sign_in "$new_password")
[[ -n $token ]] || { echo "web bench: cannot sign in" >&2; exit 1; }
total=$(curl -sk -H "Cookie: __Host-monban_session=$token" "https://localhost:$port/api/v1/users?limit=1" |
  sed -n 's/.*"total":\([0-9]*\).*/\1/p')

# Paging from random places: every request asks for another page (a cursor "row id:user ID" of a
# random user), so rendered pages are almost never reused; this measures the database path.
cat >"$work/random-pages.lua" <<LUA
math.randomseed(os.time())
request = function()
  local i = math.random(1, $USERS - 100)
  return wrk.format(nil, string.format("/api/v1/users?limit=50&cursor=%d:U%07d", i, i))
end
LUA

run() {  # run NAME PATH [LUA] → prints "req/s p99"
  local out script=()
  [[ $# -ge 3 ]] && script=(-s "$3")
  out=$(wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency -H "Cookie: __Host-monban_session=$token" \
    "${script[@]}" "https://localhost:$port$2")
  echo "$out" >"$work/wrk-$1.txt"
  local rps p99
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  local errors
  errors=$(awk '/Non-2xx|Socket errors/' <<<"$out")
  [[ -z $errors ]] || echo "  ($1: $errors)" >&2
  echo "$rps $p99"
}
read -r live_rps live_p99 < <(run live /api/v1/live)
[[ -n ${PERF:-} ]] && { perf record -F 999 -g -p "$pid" -o "$PERF" -- sleep "$SECONDS_PER_RUN" >/dev/null 2>&1 & }
read -r list_rps list_p99 < <(run users "/api/v1/users?limit=50")
read -r search_rps search_p99 < <(run search "/api/v1/users?text=U00123&limit=50")
read -r name_rps name_p99 < <(run by-name "/api/v1/users?sort=name&limit=50")
read -r pages_rps pages_p99 < <(run random-pages "/api/v1/users" "$work/random-pages.lua")
peak_kb=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f%%", 100 * a / b }'; }
cat <<REPORT
web bench: $total access users, wrk -t2 -c$CONNECTIONS -d${SECONDS_PER_RUN}s over HTTPS (keep-alive)
  reference  GET /api/v1/live                      $live_rps req/s  p99 $live_p99
  user list  GET /api/v1/users?limit=50            $list_rps req/s  p99 $list_p99  ($(ratio "$list_rps" "$live_rps") of reference)
  search     GET /api/v1/users?text=U00123         $search_rps req/s  p99 $search_p99  ($(ratio "$search_rps" "$live_rps") of reference)
  by name    GET /api/v1/users?sort=name&limit=50  $name_rps req/s  p99 $name_p99  ($(ratio "$name_rps" "$live_rps") of reference)
  pages      GET /api/v1/users?limit=50&cursor=…   $pages_rps req/s  p99 $pages_p99  ($(ratio "$pages_rps" "$live_rps") of reference; a random page each time)
  host peak memory (VmHWM) with the users loaded and after the runs: $((peak_kb / 1024)) MiB
targets: user list p99 <= 50 ms and >= 30% of the reference; host <= 256 MiB
REPORT
