#!/usr/bin/env bash
# A mutual-authentication password change survives restarts: three simulated controllers, one
# whose answers to the change are all lost (it changed; the server learns so from its next
# frame) and, in a second change, one that never hears it (it did not change). The server is
# then restarted with gate.ini's old password, with the newest one, and with a password it never
# knew: the first two reach every controller, the last one says why it cannot. Once gate.ini has
# the newest password, the first one (no controller uses it) leaves the key ring and opens nothing.
# Usage: key_change.sh MONBAN CONTROLLER_SIM PLUGIN_DIR
MONBAN=$1
SIM=$2
PLUGINS=$3
source "$(dirname "$0")/../lib/host.sh"

gate_setup 3 first-controller-password $'timeout_ms = 50\n'
for n in 1 2 3; do
  "$MONBAN" gates add "K$n" "Door $n" "127.0.0.1:$((base_port + n - 1))" KEYS "${cfg[@]}" >/dev/null
done
boot=$("$MONBAN" operators bootstrap admin "${cfg[@]}")
once=$(awk '/one-time password:/ {print $3}' <<<"$boot")

start_sim 3 first-controller-password
epoch_of() { sim status "$1" | sed -n 's/.*"key_epoch":\([0-9]*\).*/\1/p'; }

start_checked() {
  start_host "$WORK/config"
  for _ in $(seq 1 100); do
    grep -q "controllers checked at start" "$WORK/serve.log" && return 0
    sleep 0.1
  done
  fail "no start-up check of the controllers"
}
start_checked
export MONBAN_LOGIN=admin MONBAN_PASSWORD="a passphrase for the key change test"
first_sign_in admin "$once" "$MONBAN_PASSWORD"
verify_all() {
  local out
  out=$("$MONBAN" gates verify "${cfg[@]}" 2>&1) || fail "$1: $out"
  grep -q "3 controllers: 3 ok, 0 not ok" <<<"$out" || fail "$1: $out"
}
verify_all "verify after the first start"

# Change 1: controller 3 hears the change and takes it, but every answer it sends is lost.
[[ $(sim mute 3) == ok ]] || fail "mute refused"
out=$(api POST /api/v1/controllers/key '{"password":"second-controller-password"}') || fail "key change 1 refused"
grep -q '"key epoch 1 in use"' <<<"$out" || fail "key change 1: $out"
grep -q '"unconfirmed: no answer' <<<"$out" || fail "key change 1 did not report controller 3 unconfirmed: $out"
[[ $(epoch_of 1) == 1 && $(epoch_of 3) == 1 ]] || fail "controllers 1 and 3 are not on epoch 1"
[[ $(sim mute 3 off) == ok ]] || fail "unmute refused"
api POST /api/v1/controllers/poll '{}' >/dev/null || fail "poll refused"
grep -q "gate K3: unconfirmed key change settled, key epoch 1 in use" "$WORK/serve.log" ||
  fail "the server did not learn that controller 3 changed"

# Change 2: controller 2 is cut off and never hears it.
sim offline 2 >/dev/null
out=$(api POST /api/v1/controllers/key '{"password":"third-controller-password"}') || fail "key change 2 refused"
[[ $(grep -o '"key epoch 2 in use"' <<<"$out" | wc -l) == 2 ]] || fail "key change 2: $out"
sim offline 2 off >/dev/null
api POST /api/v1/controllers/poll '{}' >/dev/null || fail "poll refused"
grep -q "gate K2: unconfirmed key change settled, key epoch 1 in use" "$WORK/serve.log" ||
  fail "the server did not learn that controller 2 kept its key"
[[ $(epoch_of 1) == 2 && $(epoch_of 2) == 1 && $(epoch_of 3) == 2 ]] || fail "epochs are not 2, 1, 2"
verify_all "verify after the changes"

# Restart with gate.ini's first password: both newer secrets come out of the key ring.
stop_host
start_checked
grep -q "3 controllers use a mutual-authentication password other than gate.ini's" "$WORK/serve.log" ||
  fail "no note of the controllers on another password"
verify_all "verify after a restart with the first password"

# gate.ini updated to the newest password: controller 2, still on the second one, stays reachable.
stop_host
gate_ini third-controller-password
start_checked
grep -q "1 controllers use a mutual-authentication password other than gate.ini's" "$WORK/serve.log" ||
  fail "no note of controller 2 on another password"
verify_all "verify after a restart with the newest password"
[[ $(sim swipe 1 00000000DEADBEEF) == denied_* ]] || fail "controller 1 no longer decides"
# The first password is neither gate.ini's nor any controller's now: it left the key ring, so it
# no longer opens the secrets in use.
grep -q "key ring: 1 mutual-authentication password(s) no controller uses any more removed (4 seals)" \
  "$WORK/serve.log" || fail "the first password was not removed from the key ring: $(grep 'key ring' "$WORK/serve.log")"
stop_host
gate_ini first-controller-password
start_checked
[[ $(grep -c "cannot recover" "$WORK/serve.log") == 3 ]] || fail "the removed first password still opens the ring"
grep -q "key ring:" "$WORK/serve.log" && fail "the ring was pruned while no controller's secret could be recovered"

# A password this installation never had: the server says which controllers it cannot reach.
stop_host
gate_ini a-password-never-used-here
start_checked
[[ $(grep -c "cannot recover" "$WORK/serve.log") == 3 ]] || fail "no clear error per controller"
out=$("$MONBAN" gates verify "${cfg[@]}" 2>&1) && fail "verify passed with a strange password: $out"
grep -q "3 controllers: 0 ok, 3 not ok" <<<"$out" || fail "verify with a strange password: $out"
echo "key_change: ok"
