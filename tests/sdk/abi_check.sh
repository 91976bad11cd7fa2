#!/usr/bin/env bash
# The SDK's binary interface against the committed baseline (libabigail). Any difference fails:
# a deliberate change bumps the ABI version in abi.h and regenerates the baseline with
# ./scripts/update-abi-baseline. The check also proves it notices a change, on a copy of the
# headers with one member appended.
# Usage: abi_check.sh PROBE_LIBRARY SOURCE_DIR
PROBE=$1
SOURCE=$2
MONBAN=unused
source "$(dirname "$0")/../lib/host.sh"
BASELINE="$SOURCE/sdk/abi/monban-sdk.abi"

[[ -f $BASELINE ]] || fail "no baseline $BASELINE: run ./scripts/update-abi-baseline"
if ! abidiff --no-added-syms "$BASELINE" "$PROBE" >"$WORK/diff.txt" 2>&1; then
  cat "$WORK/diff.txt" >&2
  fail "the SDK ABI differs from $BASELINE (bump MONBAN_SDK_ABI_* and run ./scripts/update-abi-baseline if intended)"
fi

# The guard itself: a member appended to monban_event must be reported.
cp -r "$SOURCE/sdk/include" "$WORK/include"
sed -i 's/^} monban_event;/  uint32_t appended_member;\n} monban_event;/' "$WORK/include/monban/sdk/events.h"
grep -q appended_member "$WORK/include/monban/sdk/events.h" || fail "could not alter the copied header"
cc -g -O0 -shared -fPIC -I"$WORK/include" "$SOURCE/sdk/abi/abi_probe.c" -o "$WORK/altered.so"
if abidiff "$BASELINE" "$WORK/altered.so" >"$WORK/altered.txt" 2>&1; then
  fail "abidiff did not notice a member appended to monban_event"
fi
grep -q "monban_event" "$WORK/altered.txt" || fail "abidiff's report does not name monban_event: $(cat "$WORK/altered.txt")"
echo "abi_check: ok"
