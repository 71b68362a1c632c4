#!/bin/bash
# End-to-end test of mxrace-proxy and mxrace-rewriter with real NSD servers, dig, tcpdump
# and Unbound in network namespaces (the topology is drawn in topology.sh).
#
# Usage: e2e-test.sh PROXY_BINARY REWRITER_BINARY CHECK
# CHECK is one of the check_* functions below without its prefix, e.g. "answer-source".
# Each run builds the topology, runs one check and removes everything it started.
# Exit status: 0 if every assertion of the check held, 1 if one failed, 77 (ctest SKIP)
# without root or without network namespaces.
set -euo pipefail

readonly SKIP=77

if (($# != 3)); then
    echo "usage: $0 PROXY_BINARY REWRITER_BINARY CHECK" >&2
    exit 2
fi
MXRACE_PROXY=$1
MXRACE_REWRITER=$2
CHECK=$3
readonly MXRACE_PROXY MXRACE_REWRITER CHECK

if [[ $(id -u) -ne 0 ]]; then
    echo "SKIP: the end-to-end tests create network namespaces and need root"
    exit $SKIP
fi

TEST_DIR=$(cd "$(dirname "$0")" && pwd)
TOPO_NS_PREFIX=mxe-e2e-
# Every started process dies after this many seconds even if this script is killed. Ctest
# stops a test earlier, after its TIMEOUT in tests/e2e/CMakeLists.txt.
TOPO_TIME_LIMIT=120
# shellcheck source=SCRIPTDIR/topology.sh
source "$TEST_DIR/topology.sh"

FAILURES=0

# pass MESSAGE / fail MESSAGE: record one assertion.
pass()
{
    echo "ok:   $*"
}

fail()
{
    echo "FAIL: $*"
    FAILURES=$((FAILURES + 1))
}

# indent: copies its input, indented, under an assertion's line.
indent()
{
    sed 's/^/      /'
}

# expect_equal ACTUAL EXPECTED MESSAGE
expect_equal()
{
    if [[ $1 == "$2" ]]; then
        pass "$3 ($1)"
    else
        fail "$3: got '$1', expected '$2'"
    fi
}

# expect_match TEXT REGEX MESSAGE: TEXT must contain a line matching the extended REGEX.
expect_match()
{
    if grep -Eq -- "$2" <<<"$1"; then
        pass "$3"
    else
        fail "$3: no line matches /$2/ in:"
        indent <<<"$1"
    fi
}

# expect_no_match TEXT REGEX MESSAGE
expect_no_match()
{
    if grep -Eq -- "$2" <<<"$1"; then
        fail "$3: a line matches /$2/ in:"
        indent <<<"$1"
    else
        pass "$3"
    fi
}

# proxy_stats FILE: makes the proxy write its statistics (SIGUSR1) and copies them to FILE.
proxy_stats()
{
    local target=$1
    local stats="$TOPO_WORK/proxy.stats"
    local pid
    pid=$(topo_pid proxy) || return 1
    rm -f "$stats"
    kill -USR1 "$pid"
    topo_wait_until 5 "mxrace-proxy to write $stats after SIGUSR1" test -s "$stats" || return 1
    cp "$stats" "$target"
}

# daemon_stats NAME FILE: as proxy_stats, for the daemon started as NAME.
daemon_stats()
{
    local name=$1 target=$2
    local stats="$TOPO_WORK/$name.stats"
    local pid
    pid=$(topo_pid "$name") || return 1
    rm -f "$stats"
    kill -USR1 "$pid"
    topo_wait_until 5 "$name to write $stats after SIGUSR1" test -s "$stats" || return 1
    cp "$stats" "$target"
}

# counter FILE NAME: prints counter NAME of a statistics file, or "missing".
counter()
{
    awk -v name="$2" '$1 == name { print $2; found = 1 } END { if (!found) print "missing" }' "$1"
}

# counter_delta BEFORE AFTER NAME: prints how far counter NAME moved, or "missing".
counter_delta()
{
    local before after
    before=$(counter "$1" "$3")
    after=$(counter "$2" "$3")
    if [[ $before == missing || $after == missing ]]; then
        echo missing
    else
        echo $((after - before))
    fi
}

# A query to each proxy address is answered from that address, over UDP, with both
# gateways. Then the daemons must exit 0 on SIGTERM.
check_answer_source()
{
    local proxy output name
    for proxy in "$TOPO_P1" "$TOPO_P2"; do
        output=$(topo_dig "$TOPO_NS_CLIENT" "@$proxy" MX "$TOPO_ZONE" 2>&1) || true
        expect_match "$output" "status: NOERROR" "query to $proxy: status NOERROR"
        expect_match "$output" "^;; SERVER: $proxy#53\($proxy\) \(UDP\)" \
            "query to $proxy: answer received from $proxy over UDP"
        expect_no_match "$output" "unexpected source" \
            "query to $proxy: no answer from another address"
        expect_match "$output" "^$TOPO_ZONE\.[[:space:]]+0[[:space:]]+IN[[:space:]]+MX[[:space:]]+[0-9]+ mgw1\.$TOPO_ZONE\.$" \
            "query to $proxy: mgw1 listed with TTL 0"
        expect_match "$output" "^$TOPO_ZONE\.[[:space:]]+0[[:space:]]+IN[[:space:]]+MX[[:space:]]+[0-9]+ mgw2\.$TOPO_ZONE\.$" \
            "query to $proxy: mgw2 listed with TTL 0"
    done

    for name in proxy rewriter1 rewriter2; do
        topo_stop "$name"
        expect_equal "$TOPO_EXIT_STATUS" 0 "$name exit status after SIGTERM"
    done
}

# One query brings two answers to the client's host, both from P1 port 53 with the
# query's ID. One comes from each DNS server, so one prefers mgw1 and the other mgw2.
check_two_answers()
{
    local capture="$TOPO_WORK/answers.pcap"
    local before1="$TOPO_WORK/rewriter1.before" after1="$TOPO_WORK/rewriter1.after"
    local before2="$TOPO_WORK/rewriter2.before" after2="$TOPO_WORK/rewriter2.after"

    daemon_stats rewriter1 "$before1"
    daemon_stats rewriter2 "$before2"
    topo_spawn tcpdump "$TOPO_NS_CLIENT" tcpdump -i mxe-inet -n -U --immediate-mode -w "$capture" \
        "udp and src host $TOPO_P1 and src port 53"
    topo_wait_until 10 "tcpdump to start capturing" \
        grep -q "listening on" "$TOPO_WORK/tcpdump.log"

    local output id
    output=$(topo_dig "$TOPO_NS_CLIENT" "@$TOPO_P1" MX "$TOPO_ZONE" 2>&1) || true
    expect_match "$output" "status: NOERROR" "dig got an answer"
    id=$(sed -nE 's/.*->>HEADER<<-.*, id: ([0-9]+)$/\1/p' <<<"$output" | head -n 1)
    if [[ -z $id ]]; then
        fail "no query ID in dig's output"
        return
    fi

    # Wait for the later answer, which crosses veth links only, so 1 s is ample.
    sleep 1
    topo_stop tcpdump
    local packets answers
    packets=$(timeout 10 tcpdump -n -r "$capture" 2>/dev/null)
    answers=$(grep -E "^[0-9:.]+ IP $TOPO_P1\.53 > $TOPO_CLIENT\.[0-9]+: ${id}[^0-9]" <<<"$packets" || true)
    echo "captured answers to query ID $id:"
    indent <<<"$answers"
    expect_equal "$(grep -c . <<<"$answers" || true)" 2 "UDP answers from $TOPO_P1:53 with ID $id"

    # Preferred gateway of each answer: tcpdump prints each MX record as "MX NAME PREFERENCE".
    local line preferred=""
    while read -r line; do
        preferred+=$(grep -oE "MX mgw[12]\.$TOPO_ZONE\. [0-9]+" <<<"$line" \
                         | awk '{ print $3, substr($2, 1, 4) }' | sort -n | head -n 1 | cut -d' ' -f2)
        preferred+=" "
    done <<<"$answers"
    preferred=$(tr ' ' '\n' <<<"$preferred" | grep . | sort | tr '\n' ' ' || true)
    expect_equal "$preferred" "mgw1 mgw2 " "gateways preferred by the two answers"

    daemon_stats rewriter1 "$after1"
    daemon_stats rewriter2 "$after2"
    expect_equal "$(counter_delta "$before1" "$after1" "rewritten.$TOPO_S1A")" 1 \
        "answers from S1a rewritten to P1 on dns1"
    expect_equal "$(counter_delta "$before2" "$after2" "rewritten.$TOPO_S2A")" 1 \
        "answers from S2a rewritten to P1 on dns2"
}

# With backbone 1's link down, queries to P2 are all answered by dns2 (mgw2 preferred),
# and queries to P1, which inet routes over backbone 1, get no answer.
check_backbone_down()
{
    local before1="$TOPO_WORK/rewriter1.before" after1="$TOPO_WORK/rewriter1.after"
    local before2="$TOPO_WORK/rewriter2.before" after2="$TOPO_WORK/rewriter2.after"

    topo_link_down 1
    expect_equal "$(topo_preferred_gateway "$TOPO_P1")" none \
        "query to P1 with backbone 1 down (P1 is reachable only over backbone 1)"

    daemon_stats rewriter1 "$before1"
    daemon_stats rewriter2 "$before2"
    expect_equal "$(topo_count_gateways "$TOPO_P2" 20)" "mgw1=0 mgw2=20 none=0" \
        "20 queries to P2 with backbone 1 down"
    daemon_stats rewriter1 "$after1"
    daemon_stats rewriter2 "$after2"
    # dns1 still answers every copy, but its rewriter cannot send through the downed link.
    expect_equal "$(counter_delta "$before1" "$after1" send-errors)" 20 \
        "answers dns1's rewriter failed to send"
    expect_equal "$(counter_delta "$before2" "$after2" "rewritten.$TOPO_S2B")" 20 \
        "answers from S2b rewritten to P2 on dns2"
    topo_link_up 1
    if topo_wait_until 10 "an answer from P1 after backbone 1 came back" topo_dig_ok "$TOPO_P1"; then
        pass "query to P1 answered again after backbone 1 came back"
    else
        fail "no answer from P1 after backbone 1 came back"
    fi
}

# With backbone 1 congested (rate limit plus filler), most answers prefer mgw2.
check_backbone_congested()
{
    local result mgw2 none drops
    topo_congest 1 15
    result=$(topo_count_gateways "$TOPO_P1" 20)
    drops=$(topo_queue_drops 1)
    topo_uncongest 1
    echo "20 queries to P1 with backbone 1 congested: $result"
    mgw2=$(sed -nE 's/.*mgw2=([0-9]+).*/\1/p' <<<"$result")
    none=$(sed -nE 's/.*none=([0-9]+).*/\1/p' <<<"$result")
    expect_equal "$none" 0 "queries without an answer"
    # Each answer from dns1 waits behind a full queue (up to the tbf latency) while dns2's
    # crosses an idle link, so dns2 should win nearly every race. The threshold of 16 is a
    # chosen margin for scheduling delays on a loaded machine, not a measured bound.
    if ((mgw2 >= 16)); then
        pass "at least 16 of 20 answers prefer mgw2 ($mgw2)"
    else
        fail "only $mgw2 of 20 answers prefer mgw2, expected at least 16"
    fi
    if ((${drops:-0} > 0)); then
        pass "the rate limit on backbone 1 dropped packets, so the link was congested ($drops)"
    else
        fail "the rate limit on backbone 1 dropped no packet: the filler did not congest it"
    fi
}

# Malformed datagrams are dropped and counted under their reason, and a valid query
# sent right after them is answered.
check_malformed_dropped()
{
    local before="$TOPO_WORK/proxy.before" after="$TOPO_WORK/proxy.after"
    proxy_stats "$before"
    ip netns exec "$TOPO_NS_CLIENT" timeout 10 \
        python3 "$TEST_DIR/malformed-queries.py" send --server "$TOPO_P1"
    # The proxy reads its sockets and its signals in one event loop, so without a pause the
    # SIGUSR1 that reports the counters could be handled before the last datagrams.
    sleep 0.3
    proxy_stats "$after"
    if timeout 10 python3 "$TEST_DIR/malformed-queries.py" check --before "$before" --after "$after"; then
        pass "drop counters moved exactly as expected"
    else
        fail "drop counters did not move as expected"
    fi

    local output
    output=$(topo_dig "$TOPO_NS_CLIENT" "@$TOPO_P1" MX "$TOPO_ZONE" 2>&1) || true
    expect_match "$output" "status: NOERROR" "valid query after the malformed ones answered"
    expect_match "$output" "^;; SERVER: $TOPO_P1#53" "valid query answered from $TOPO_P1"
}

# A truncated UDP answer (TC=1) is followed by a working retry over TCP to the proxy.
check_tcp_retry()
{
    local output proxy
    output=$(topo_dig "$TOPO_NS_CLIENT" +ignore +bufsize=512 "@$TOPO_P1" TXT "big.$TOPO_ZONE" 2>&1) || true
    expect_match "$output" "^;; flags: [a-z ]*\btc\b" "UDP answer for the large RRset has TC set"
    expect_match "$output" "^;; SERVER: $TOPO_P1#53\($TOPO_P1\) \(UDP\)" "truncated answer came from $TOPO_P1 over UDP"

    local before="$TOPO_WORK/proxy.before" after="$TOPO_WORK/proxy.after"
    proxy_stats "$before"
    for proxy in "$TOPO_P1" "$TOPO_P2"; do
        output=$(topo_dig "$TOPO_NS_CLIENT" +bufsize=512 "@$proxy" TXT "big.$TOPO_ZONE" 2>&1) || true
        expect_match "$output" "^;; Truncated, retrying in TCP mode" "dig to $proxy retried over TCP"
        expect_match "$output" "^;; SERVER: $proxy#53\($proxy\) \(TCP\)" "final answer came from $proxy over TCP"
        expect_match "$output" "ANSWER: 40," "answer over TCP to $proxy holds all 40 TXT records"
        expect_equal "$(grep -cE "IN[[:space:]]+TXT[[:space:]]+\"record [0-9]{2} " <<<"$output" || true)" 40 \
            "TXT records printed for the answer over TCP to $proxy"
    done

    # One TCP connection and one query per proxy address, each relayed to a server and its
    # answer relayed back.
    proxy_stats "$after"
    expect_equal "$(counter_delta "$before" "$after" tcp-sessions)" 2 "TCP sessions accepted"
    expect_equal "$(counter_delta "$before" "$after" tcp-relayed)" 2 "queries relayed over TCP"
    expect_equal "$(counter_delta "$before" "$after" tcp-answers)" 2 "answers relayed over TCP"
    expect_equal "$(counter_delta "$before" "$after" tcp-errors)" 0 "TCP relay errors"
}

# Unbound in the client namespace, with the zone as a stub pointing at P1, resolves the MX
# RRset through the proxy, and the late answers do not disturb it.
check_unbound_resolver()
{
    local dir="$TOPO_WORK/unbound"
    mkdir -p "$dir"
    cat >"$dir/unbound.conf" <<EOF
server:
    interface: 127.0.0.1
    port: 53
    do-ip6: no
    do-daemonize: no
    username: ""
    chroot: ""
    directory: "$dir"
    pidfile: "$dir/unbound.pid"
    use-syslog: no
    logfile: ""
    verbosity: 1
    access-control: 127.0.0.0/8 allow
    # Needed for the unwanted.replies counter.
    extended-statistics: yes
    # No trust anchor and no validator: the zone is unsigned.
    module-config: "iterator"
# mxrace.example is not delegated anywhere: this stub zone sends its queries to the proxy.
stub-zone:
    name: "$TOPO_ZONE."
    stub-addr: $TOPO_P1
remote-control:
    control-enable: yes
    control-interface: "$dir/unbound.ctl"
    control-use-cert: no
EOF
    if ! unbound-checkconf "$dir/unbound.conf" >/dev/null; then
        fail "unbound-checkconf rejects $dir/unbound.conf"
        return
    fi
    topo_spawn unbound "$TOPO_NS_CLIENT" unbound -d -c "$dir/unbound.conf"
    topo_wait_until 10 "Unbound to answer on 127.0.0.1 (log $TOPO_WORK/unbound.log)" \
        ip netns exec "$TOPO_NS_CLIENT" unbound-control -c "$dir/unbound.conf" status

    local before="$TOPO_WORK/proxy.before" after="$TOPO_WORK/proxy.after"
    proxy_stats "$before"
    local i output answered=0
    for ((i = 0; i < 5; i++)); do
        output=$(topo_dig "$TOPO_NS_CLIENT" @127.0.0.1 MX "$TOPO_ZONE" 2>&1) || true
        if grep -q "status: NOERROR" <<<"$output" \
            && [[ $(grep -cE "IN[[:space:]]+MX[[:space:]]+[0-9]+ mgw[12]\." <<<"$output") == 2 ]]; then
            answered=$((answered + 1))
        else
            echo "query $i through Unbound:"
            indent <<<"$output"
        fi
    done
    expect_equal "$answered" 5 "MX queries through Unbound answered with both gateways"
    proxy_stats "$after"
    expect_equal "$(counter_delta "$before" "$after" forwarded)" 5 \
        "queries from Unbound that the proxy forwarded"

    local stats
    stats=$(ip netns exec "$TOPO_NS_CLIENT" timeout 10 unbound-control -c "$dir/unbound.conf" stats_noreset)
    expect_equal "$(sed -nE 's/^total\.num\.queries=([0-9]+)$/\1/p' <<<"$stats")" 5 \
        "queries Unbound received"
    # TTL 0: nothing is cached, so each query reached the proxy.
    expect_equal "$(sed -nE 's/^total\.num\.cachemiss=([0-9]+)$/\1/p' <<<"$stats")" 5 \
        "queries Unbound had to resolve"
    expect_equal "$(sed -nE 's/^unwanted\.replies=([0-9]+)$/\1/p' <<<"$stats")" 0 \
        "answers Unbound counted as unwanted"
}

# Runs on every exit: on failure, shows the end of each daemon's log, then removes
# everything the test started.
finish()
{
    local status=$?
    set +e
    if ((status != 0 || FAILURES != 0)) && [[ -n $TOPO_WORK && -d $TOPO_WORK ]]; then
        local log
        for log in "$TOPO_WORK"/*.log "$TOPO_WORK"/nsd*/nsd.log; do
            [[ -f $log ]] || continue
            echo "--- last lines of $log"
            tail -n 15 "$log"
        done
    fi
    topo_down
}

main()
{
    local function="check_${CHECK//-/_}"
    if ! declare -F "$function" >/dev/null; then
        echo "unknown check '$CHECK'; expected one of:" \
            "$(declare -F | sed -nE 's/^declare -f check_(.*)/\1/p' | tr _ - | tr '\n' ' ')" >&2
        exit 2
    fi

    # A root shell inside a container may still lack the right to create namespaces.
    if ! ip netns add "${TOPO_NS_PREFIX}probe" 2>/dev/null; then
        echo "SKIP: cannot create network namespaces here (ip netns add failed)"
        exit $SKIP
    fi
    ip netns del "${TOPO_NS_PREFIX}probe"

    trap finish EXIT
    trap 'exit 130' INT TERM
    topo_up
    topo_start_daemons
    echo "=== check $CHECK"
    "$function"
    if ((FAILURES != 0)); then
        echo "=== $CHECK: $FAILURES assertion(s) failed"
        exit 1
    fi
    echo "=== $CHECK: all assertions held"
}

main
