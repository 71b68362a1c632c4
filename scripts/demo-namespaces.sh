#!/bin/bash
# Demonstrates mxrace with real servers in network namespaces. The topology is the one of
# the end-to-end tests (tests/e2e/topology.sh): a client, an Internet router, two backbones,
# two DNS hosts with NSD and mxrace-rewriter, and mxrace-proxy on the organisation's LAN.
# The demo sends MX queries under four conditions and prints which mail gateway the
# accepted answers preferred. Everything it creates is removed on exit. Needs root.
#
# Usage: scripts/demo-namespaces.sh [QUERIES_PER_CONDITION]   (default 20, at most 200)
# MXRACE_BUILD_DIR selects the build directory (default: build/ at the top of the tree);
# the two daemons are built there first if they are missing.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=${MXRACE_BUILD_DIR:-$top/build}
queries=${1:-20}

if ! [[ $queries =~ ^[0-9]+$ ]] || ((queries < 1 || queries > 200)); then
    echo "demo: the number of queries per condition must be an integer from 1 to 200, got '$queries'" >&2
    exit 2
fi
if [[ $(id -u) -ne 0 ]]; then
    echo "demo: network namespaces need root. Run the demo as root or with sudo" >&2
    exit 1
fi

MXRACE_PROXY="$build/daemon/mxrace-proxy"
MXRACE_REWRITER="$build/daemon/mxrace-rewriter"
if [[ ! -x $MXRACE_PROXY || ! -x $MXRACE_REWRITER ]]; then
    echo "demo: building mxrace-proxy and mxrace-rewriter in $build"
    cmake -S "$top" -B "$build" -DCMAKE_BUILD_TYPE=Release -DMXRACE_BUILD_SIM=OFF >/dev/null
    cmake --build "$build" --target mxrace-proxy mxrace-rewriter -j "$(nproc 2>/dev/null || echo 2)"
fi

TOPO_NS_PREFIX=mxe-demo-
# Every process the demo starts dies after this many seconds, even if the demo is killed.
TOPO_TIME_LIMIT=$((120 + 4 * queries))
# shellcheck source=SCRIPTDIR/../tests/e2e/topology.sh
source "$top/tests/e2e/topology.sh"

trap topo_down EXIT
trap 'exit 130' INT TERM

echo "demo: setting up the namespaces"
topo_up
echo "demo: starting NSD, mxrace-rewriter on both DNS hosts, and mxrace-proxy"
topo_start_daemons

rows=()

# run_condition NAME PROXY_ADDRESS: sends the queries and adds a row to the table.
run_condition()
{
    local name=$1 proxy=$2
    echo "demo: $name: $queries MX queries to $proxy"
    local result
    result=$(topo_count_gateways "$proxy" "$queries")
    rows+=("$(printf '%-22s %-15s %5s %5s %10s' "$name" "$proxy" \
              "$(sed -nE 's/.*mgw1=([0-9]+).*/\1/p' <<<"$result")" \
              "$(sed -nE 's/.*mgw2=([0-9]+).*/\1/p' <<<"$result")" \
              "$(sed -nE 's/.*none=([0-9]+).*/\1/p' <<<"$result")")")
}

run_condition "no condition" "$TOPO_P1"

# P1 lies in backbone 1's prefix, so with backbone 1 down only P2 is reachable.
topo_link_down 1
run_condition "backbone 1 down" "$TOPO_P2"
topo_link_up 1

# The filler runs for at most 10 s plus the time the queries may take.
topo_congest 1 $((10 + queries / 4))
run_condition "backbone 1 congested" "$TOPO_P1"
topo_uncongest 1

topo_congest 2 $((10 + queries / 4))
run_condition "backbone 2 congested" "$TOPO_P1"
topo_uncongest 2

echo
echo "Gateway preferred by the answer the client accepted (mgw1 is on backbone 1, mgw2 on"
echo "backbone 2; each DNS server lists its own backbone's gateway first):"
echo
printf '%-22s %-15s %5s %5s %10s\n' condition "queried" mgw1 mgw2 "no answer"
printf '%s\n' "${rows[@]}"
echo
echo "demo: cleaning up"
