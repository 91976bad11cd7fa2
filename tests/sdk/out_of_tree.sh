#!/usr/bin/env bash
# A vendor's path: install the SDK, build the example plugin out of tree against it with g++
# and with clang++, and load each build into the host (built with g++), which runs it.
# Usage: out_of_tree.sh MONBAN BUILD_DIR SOURCE_DIR
MONBAN=$1
BUILD=$2
SOURCE=$3
source "$(dirname "$0")/../lib/host.sh"

cmake --install "$BUILD" --component sdk --prefix "$WORK/sdk" >/dev/null
[[ -f $WORK/sdk/lib/cmake/MonbanSDK/MonbanSDKConfig.cmake ]] || fail "the SDK package config was not installed"
[[ -f $WORK/sdk/include/monban/sdk/plugin.hpp ]] || fail "the SDK headers were not installed"
[[ ! -e $WORK/sdk/include/monban/host ]] || fail "host internals leaked into the SDK install"

for compiler in g++ clang++-14; do
  command -v "$compiler" >/dev/null || fail "$compiler is not installed (scripts/setup installs it)"
  build="$WORK/build-$compiler"
  cmake -S "$SOURCE/sdk/examples/hello" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_CXX_COMPILER="$compiler" -DCMAKE_PREFIX_PATH="$WORK/sdk" >"$WORK/cmake-$compiler.log" 2>&1 ||
    { cat "$WORK/cmake-$compiler.log" >&2; fail "configuring the example with $compiler"; }
  cmake --build "$build" >"$WORK/build-$compiler.log" 2>&1 ||
    { cat "$WORK/build-$compiler.log" >&2; fail "building the example with $compiler"; }
  [[ -f $build/plugins/hello.so && -f $build/plugins/hello.json ]] || fail "$compiler build made no hello.so + hello.json"

  # Hidden visibility: the descriptor is the only symbol the library exports.
  exported=$(nm -D --defined-only "$build/plugins/hello.so" | awk '{print $3}' | grep -v '^_init$\|^_fini$' | sort | tr '\n' ' ')
  [[ $exported == "monban_plugin " ]] || fail "$compiler build exports more than the descriptor: $exported"

  # Installing puts library and manifest side by side where the host looks.
  cmake --install "$build" --prefix "$WORK/install-$compiler" >/dev/null
  plugins="$WORK/install-$compiler/lib/monban/plugins"
  [[ -f $plugins/hello.so && -f $plugins/hello.json ]] || fail "install did not place hello.so and hello.json in lib/monban/plugins"

  rm -rf "$WORK/config" "$WORK/data"
  write_config "$WORK" "$plugins"
  printf 'audience = %s\n' "$compiler" >"$WORK/config/plugins/hello.ini"
  start_host "$WORK/config"
  json=$("$MONBAN" plugins list --json --config-dir "$WORK/config")
  expect_contains "$json" '"state":"running"' "hello built with $compiler runs in the host"
  stop_host
  expect_contains "$(cat "$WORK/serve.log")" "Hello, $compiler!" "hello built with $compiler greeted"
done
echo "out_of_tree: ok"
