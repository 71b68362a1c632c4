#!/bin/sh
# Installs what is missing, builds everything with warnings as errors and runs every test:
# core unit tests, ns-3 model and scenario tests, and the end-to-end tests with real
# servers in network namespaces (those need root).
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
build="${MXRACE_BUILD_DIR:-$top/build}"
jobs=$(nproc 2>/dev/null || echo 2)

"$top/scripts/install-deps.sh"

cmake -S "$top" -B "$build" -DCMAKE_BUILD_TYPE=Release -DMXRACE_WERROR=ON
cmake --build "$build" -j "$jobs"
ctest --test-dir "$build" --output-on-failure -j "$jobs" "$@"
