#!/usr/bin/env bash
# Every C and C++ source of the tree follows .clang-format.
# Usage: format_check.sh SOURCE_DIR
set -euo pipefail
cd "$1"
mapfile -t files < <(git ls-files '*.c' '*.h' '*.cpp' '*.hpp' 2>/dev/null || find sdk host plugins tools -name '*.[ch]' -o -name '*.[ch]pp')
clang-format --dry-run --Werror "${files[@]}"
echo "format_check: ${#files[@]} files ok"
