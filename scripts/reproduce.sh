#!/bin/sh
# Regenerates every paper experiment from scratch: installs what is missing, builds the
# ns-3 testbed, runs all scenarios on every core and rewrites results/ and plots/.
# Arguments go to scenarios/reproduce.py (for example --experiment lab --seeds 3).
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
build="${MXRACE_BUILD_DIR:-$top/build}"
jobs=$(nproc 2>/dev/null || echo 2)

echo "== 1/3 installing missing Debian packages"
"$top/scripts/install-deps.sh"

echo "== 2/3 building (Release) in $build"
cmake -S "$top" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j "$jobs" --target mxrace-lab mxrace-misasa

echo "== 3/3 running the experiments"
# Debian's python3-matplotlib is installed for /usr/bin/python3; another python3 earlier
# on PATH (pyenv, a venv) may not have it.
python=/usr/bin/python3
[ -x "$python" ] || python=python3
exec "$python" "$top/scenarios/reproduce.py" --build-dir "$build" --jobs "$jobs" "$@"
