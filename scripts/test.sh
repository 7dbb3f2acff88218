#!/usr/bin/env bash
# Second quick-start command, and what CI runs: install what is missing,
# build with g++, run every test; then build with clang under ASan+UBSan
# (with the libFuzzer target) and run every test again; last, the packaging
# tests (tests/package/run.sh) on the g++ build: they build, install and
# purge the .deb.
# Integration tests need root (they make private network namespaces);
# without root they are skipped, and the run says so.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/install-deps.sh" --with-tests

jobs=$(nproc)
if [ "$(id -u)" -ne 0 ]; then
  echo "test: not root: integration tests (label 'root') will be skipped" >&2
fi

echo "== g++ build, all tests"
"$top/scripts/build.sh" "$top/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSOCKSCOPE_WERROR=ON
(cd "$top/build" && ctest --output-on-failure -j "$jobs")

echo "== clang build with ASan+UBSan and the fuzz target, all tests"
"$top/scripts/build.sh" "$top/build-asan" -DCMAKE_BUILD_TYPE=Debug -DSOCKSCOPE_WERROR=ON \
  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DSOCKSCOPE_SANITIZE=address,undefined -DSOCKSCOPE_FUZZ=ON
(cd "$top/build-asan" && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --output-on-failure -j "$jobs")

echo "== package: install rules, systemd units, the .deb installed and purged, the daemon without root"
"$top/tests/package/run.sh" "$top/build"
