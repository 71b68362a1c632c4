# shellcheck shell=bash
# Network-namespace topology for the end-to-end tests and the demo: real NSD servers, the
# two mxrace daemons, dig, and conditions on the backbones (link down, congestion).
# Source this file from bash. It defines topo_* functions and runs nothing by itself.
#
#                     203.0.113.0/24
#   [client] --------------------------- [inet] (the Internet router)
#   dig, tcpdump,                        /    \
#   Unbound              bb1 10.1.0.0/30      bb2 10.2.0.0/30
#                                      /        \
#                                 [dns1]        [dns2]   NSD + mxrace-rewriter each
#                                      \        /
#                                  [lan] bridge, organisation LAN 10.10.0.0/24
#                                         |
#                                      [proxy]   mxrace-proxy on P1 and P2
#
# P1 = 192.0.2.53 lies in backbone 1's prefix (192.0.2.0/24), which inet routes via dns1.
# P2 = 198.51.100.53 lies in backbone 2's prefix (198.51.100.0/24), which inet routes via dns2.
# Each DNS host has one server address per proxy address, and its rewriter maps the answers
# from S?a to P1 and from S?b to P2:
#   dns1: S1a = 10.53.1.1, S1b = 10.53.1.2        dns2: S2a = 10.53.2.1, S2b = 10.53.2.2
# The proxy reaches both DNS hosts over the same bridge, so the copies of a query travel
# paths of equal length. Each DNS host's answers leave through its own backbone link.
#
# The caller sets, before topo_up:
#   MXRACE_PROXY, MXRACE_REWRITER   paths of the daemon binaries (for topo_start_daemons)
#   TOPO_NS_PREFIX                  namespace name prefix (default "mxe-")
#   TOPO_TIME_LIMIT                 seconds after which every started process is killed
#                                   even if the caller dies (default 300)
#   TOPO_KEEP_WORK                  if non-empty, topo_down keeps the work directory
#   TOPO_CONGEST_RATE_KBIT, TOPO_CONGEST_LATENCY_MS   optional, see topo_congest

TOPO_SOURCE_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOPO_ZONE_DIR="$TOPO_SOURCE_DIR/zones"
TOPO_NS_PREFIX=${TOPO_NS_PREFIX:-mxe-}
TOPO_TIME_LIMIT=${TOPO_TIME_LIMIT:-300}

TOPO_ZONE=mxrace.example
TOPO_CLIENT=203.0.113.10
TOPO_INET_CLIENT_SIDE=203.0.113.1
TOPO_P1=192.0.2.53
TOPO_P2=198.51.100.53
TOPO_PROXY_LAN=10.10.0.53
TOPO_S1A=10.53.1.1
TOPO_S1B=10.53.1.2
TOPO_S2A=10.53.2.1
TOPO_S2B=10.53.2.2
# Filler traffic goes to this prefix, which inet discards (blackhole route).
TOPO_SINK=10.99.0.1
# Routing table the rewriters use for their DNS server's answers.
TOPO_ROUTE_TABLE=53

TOPO_NS_CLIENT=${TOPO_NS_PREFIX}client
TOPO_NS_INET=${TOPO_NS_PREFIX}inet
TOPO_NS_DNS1=${TOPO_NS_PREFIX}dns1
TOPO_NS_DNS2=${TOPO_NS_PREFIX}dns2
TOPO_NS_LAN=${TOPO_NS_PREFIX}lan
TOPO_NS_PROXY=${TOPO_NS_PREFIX}proxy
TOPO_NAMESPACES=("$TOPO_NS_CLIENT" "$TOPO_NS_INET" "$TOPO_NS_DNS1" "$TOPO_NS_DNS2"
                 "$TOPO_NS_LAN" "$TOPO_NS_PROXY")

# Background processes started by topo_spawn: name -> pid of their `timeout` wrapper.
declare -gA TOPO_PIDS=()
# Exit status of the program that topo_stop stopped last.
TOPO_EXIT_STATUS=0
TOPO_WORK=""

# Prints a progress line on stderr.
topo_log()
{
    echo "[topology] $*" >&2
}

# Prints an error on stderr and returns 1.
topo_fail()
{
    echo "[topology] error: $*" >&2
    return 1
}

# topo_ns_of DNS_HOST_NUMBER: prints the namespace of dns1 or dns2.
topo_ns_of()
{
    case $1 in
    1) echo "$TOPO_NS_DNS1" ;;
    2) echo "$TOPO_NS_DNS2" ;;
    *) topo_fail "backbone number must be 1 or 2, got '$1'" ;;
    esac
}

# topo_check_tools: fails naming the first missing program that the topology needs.
topo_check_tools()
{
    local tool
    for tool in ip tc nsd dig tcpdump timeout ss python3; do
        if ! command -v "$tool" >/dev/null 2>&1; then
            topo_fail "'$tool' not found in PATH; run scripts/install-deps.sh"
            return 1
        fi
    done
}

# topo_wait_until SECONDS DESCRIPTION COMMAND...: runs COMMAND every 0.1 s until it succeeds;
# fails naming DESCRIPTION if it has not succeeded after SECONDS.
topo_wait_until()
{
    local seconds=$1 description=$2
    shift 2
    local deadline=$((SECONDS + seconds))
    until "$@" >/dev/null 2>&1; do
        if ((SECONDS >= deadline)); then
            topo_fail "timed out after ${seconds}s waiting for $description"
            return 1
        fi
        sleep 0.1
    done
}

# topo_sysctl NAMESPACE KEY=VALUE...
topo_sysctl()
{
    local ns=$1
    shift
    ip netns exec "$ns" sysctl -q -w "$@" >/dev/null
}

# topo_link NS_A IF_A ADDR_A NS_B IF_B ADDR_B: creates a veth pair with one end in each
# namespace, so no interface ever appears in the caller's namespace. Each address has its
# prefix length, or is "-" for none.
topo_link()
{
    local nsA=$1 ifA=$2 addrA=$3 nsB=$4 ifB=$5 addrB=$6
    ip -n "$nsA" link add "$ifA" type veth peer name "$ifB" netns "$nsB"
    if [[ $addrA != - ]]; then
        ip -n "$nsA" addr add "$addrA" dev "$ifA"
    fi
    if [[ $addrB != - ]]; then
        ip -n "$nsB" addr add "$addrB" dev "$ifB"
    fi
    ip -n "$nsA" link set "$ifA" up
    ip -n "$nsB" link set "$ifB" up
}

# topo_delete_namespaces: deletes this topology's namespaces, after ending the processes
# still inside them (all started by this file, or left over by an earlier run of it).
topo_delete_namespaces()
{
    local ns pid
    for ns in "${TOPO_NAMESPACES[@]}"; do
        if ! ip netns list | grep -qx "$ns\( (id: [0-9]*)\)\?"; then
            continue
        fi
        for pid in $(ip netns pids "$ns" 2>/dev/null); do
            kill -KILL "$pid" 2>/dev/null || true
        done
        ip netns del "$ns"
    done
}

# topo_up: creates the namespaces, links, addresses and routes, and a work directory.
topo_up()
{
    local ns

    topo_check_tools || return 1
    topo_delete_namespaces
    TOPO_WORK=$(mktemp -d /tmp/mxrace-e2e.XXXXXX)
    topo_log "work directory $TOPO_WORK"

    for ns in "${TOPO_NAMESPACES[@]}"; do
        ip netns add "$ns"
        ip -n "$ns" link set lo up
        # Reverse-path filtering is off (rp_filter 0) everywhere, set explicitly because the
        # scheme needs it in three places. dns1 and dns2 receive the proxy's copies on the
        # LAN with the client's source address, whose route points to a backbone. inet
        # receives answers with source P1 over bb2, and with source P2 over bb1. Strict
        # reverse-path filtering, like ingress filtering upstream, drops both.
        topo_sysctl "$ns" net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0
    done
    for ns in "$TOPO_NS_INET" "$TOPO_NS_DNS1" "$TOPO_NS_DNS2"; do
        topo_sysctl "$ns" net.ipv4.ip_forward=1
    done

    # Client and Internet router.
    topo_link "$TOPO_NS_CLIENT" mxe-inet "$TOPO_CLIENT/24" \
              "$TOPO_NS_INET" mxe-client "$TOPO_INET_CLIENT_SIDE/24"
    ip -n "$TOPO_NS_CLIENT" route add default via "$TOPO_INET_CLIENT_SIDE"

    # The two backbones, each from inet to one DNS host.
    topo_link "$TOPO_NS_INET" mxe-bb1 10.1.0.1/30 "$TOPO_NS_DNS1" mxe-bb1 10.1.0.2/30
    topo_link "$TOPO_NS_INET" mxe-bb2 10.2.0.1/30 "$TOPO_NS_DNS2" mxe-bb2 10.2.0.2/30
    ip -n "$TOPO_NS_INET" route add 192.0.2.0/24 via 10.1.0.2
    ip -n "$TOPO_NS_INET" route add 198.51.100.0/24 via 10.2.0.2
    ip -n "$TOPO_NS_INET" route add blackhole "${TOPO_SINK%.*}.0/24"
    ip -n "$TOPO_NS_DNS1" route add default via 10.1.0.1
    ip -n "$TOPO_NS_DNS2" route add default via 10.2.0.1

    # Organisation LAN: a bridge in its own namespace, one port per host.
    ip -n "$TOPO_NS_LAN" link add mxe-br type bridge
    ip -n "$TOPO_NS_LAN" link set mxe-br up
    topo_link "$TOPO_NS_DNS1" mxe-lan 10.10.0.1/24 "$TOPO_NS_LAN" mxe-dns1 -
    topo_link "$TOPO_NS_DNS2" mxe-lan 10.10.0.2/24 "$TOPO_NS_LAN" mxe-dns2 -
    topo_link "$TOPO_NS_PROXY" mxe-lan "$TOPO_PROXY_LAN/24" "$TOPO_NS_LAN" mxe-proxy -
    for ns in mxe-dns1 mxe-dns2 mxe-proxy; do
        ip -n "$TOPO_NS_LAN" link set "$ns" master mxe-br
    done

    # DNS server addresses, and the route from each DNS host to the proxy address in its
    # backbone's prefix.
    ip -n "$TOPO_NS_DNS1" addr add "$TOPO_S1A/32" dev lo
    ip -n "$TOPO_NS_DNS1" addr add "$TOPO_S1B/32" dev lo
    ip -n "$TOPO_NS_DNS2" addr add "$TOPO_S2A/32" dev lo
    ip -n "$TOPO_NS_DNS2" addr add "$TOPO_S2B/32" dev lo
    ip -n "$TOPO_NS_DNS1" route add "$TOPO_P1/32" via "$TOPO_PROXY_LAN"
    ip -n "$TOPO_NS_DNS2" route add "$TOPO_P2/32" via "$TOPO_PROXY_LAN"

    # Proxy: both published addresses, and a route to each DNS host's server addresses over
    # the LAN. What the proxy itself sends from P1 (such as TCP answers) leaves through dns1,
    # the host on P1's backbone, and what it sends from P2 leaves through dns2.
    ip -n "$TOPO_NS_PROXY" addr add "$TOPO_P1/32" dev lo
    ip -n "$TOPO_NS_PROXY" addr add "$TOPO_P2/32" dev lo
    ip -n "$TOPO_NS_PROXY" route add 10.53.1.0/24 via 10.10.0.1
    ip -n "$TOPO_NS_PROXY" route add 10.53.2.0/24 via 10.10.0.2
    ip -n "$TOPO_NS_PROXY" route add default via 10.10.0.1
    ip -n "$TOPO_NS_PROXY" route add default via 10.10.0.1 table 101
    ip -n "$TOPO_NS_PROXY" route add default via 10.10.0.2 table 102
    ip -n "$TOPO_NS_PROXY" rule add from "$TOPO_P1" lookup 101
    ip -n "$TOPO_NS_PROXY" rule add from "$TOPO_P2" lookup 102

    topo_log "namespaces up: ${TOPO_NAMESPACES[*]}"
}

# topo_spawn NAME NAMESPACE COMMAND...: starts COMMAND in NAMESPACE in the background with
# its output in $TOPO_WORK/NAME.log. `timeout` kills it after TOPO_TIME_LIMIT seconds, so
# nothing outlives a caller that is killed before its clean-up runs.
topo_spawn()
{
    local name=$1 ns=$2
    shift 2
    timeout --kill-after=5 "$TOPO_TIME_LIMIT" ip netns exec "$ns" "$@" \
        >"$TOPO_WORK/$name.log" 2>&1 &
    TOPO_PIDS[$name]=$!
}

# topo_pid NAME: prints the pid of the program started as NAME (the child of its `timeout`
# wrapper: `ip netns exec` replaces itself with the program).
topo_pid()
{
    local wrapper=${TOPO_PIDS[$1]:-}
    if [[ -z $wrapper ]]; then
        topo_fail "no process named '$1' was started"
        return 1
    fi
    local child
    child=$(ps -o pid= --ppid "$wrapper" | tr -d ' ' | head -n 1)
    if [[ -z $child ]]; then
        topo_fail "process '$1' is not running; its log: $TOPO_WORK/$1.log"
        return 1
    fi
    echo "$child"
}

# topo_running NAME: succeeds while the process started as NAME runs.
topo_running()
{
    local wrapper=${TOPO_PIDS[$1]:-}
    [[ -n $wrapper ]] && kill -0 "$wrapper" 2>/dev/null
}

# topo_stop NAME: sends SIGTERM (through its `timeout` wrapper, which forwards it), waits
# up to 5 s, then SIGKILL. Sets TOPO_EXIT_STATUS to the program's exit status. Must not run
# in a subshell, such as $(...), because only this shell can wait for the program.
topo_stop()
{
    local name=$1
    local wrapper=${TOPO_PIDS[$name]:-}
    local i child
    TOPO_EXIT_STATUS=0
    if [[ -z $wrapper ]]; then
        return 0
    fi
    kill -TERM "$wrapper" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do
        kill -0 "$wrapper" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$wrapper" 2>/dev/null; then
        topo_log "$name did not stop within 5 s of SIGTERM; killing it"
        for child in $(ps -o pid= --ppid "$wrapper"); do
            kill -KILL "$child" 2>/dev/null || true
        done
        kill -KILL "$wrapper" 2>/dev/null || true
    fi
    # shellcheck disable=SC2034 # read by the scripts that source this file
    wait "$wrapper" 2>/dev/null || TOPO_EXIT_STATUS=$?
    unset "TOPO_PIDS[$name]"
}

# topo_down: stops every process started here, deletes the namespaces and (unless
# TOPO_KEEP_WORK is set) the work directory. Safe to call twice and after a partial topo_up.
topo_down()
{
    local name
    for name in "${!TOPO_PIDS[@]}"; do
        topo_stop "$name"
    done
    topo_delete_namespaces
    if [[ -n $TOPO_WORK && -d $TOPO_WORK ]]; then
        if [[ -n ${TOPO_KEEP_WORK:-} ]]; then
            topo_log "work directory kept: $TOPO_WORK"
        else
            rm -rf "$TOPO_WORK"
        fi
    fi
    TOPO_WORK=""
}

# topo_write_nsd_conf N ADDRESS...: writes the NSD configuration of DNS host N.
topo_write_nsd_conf()
{
    local n=$1
    shift
    local dir="$TOPO_WORK/nsd$n" address
    mkdir -p "$dir"
    {
        echo "server:"
        for address in "$@"; do
            echo "    ip-address: $address"
        done
        cat <<EOF
    port: 53
    do-ip6: no
    server-count: 1
    username: ""
    chroot: ""
    zonesdir: "$TOPO_ZONE_DIR"
    database: ""
    zonelistfile: "$dir/zone.list"
    xfrdfile: "$dir/xfrd.state"
    xfrdir: "$dir"
    pidfile: "$dir/nsd.pid"
    logfile: "$dir/nsd.log"
    verbosity: 1
    # Debian's NSD limits answers to 200/s per /24 by default (response rate limiting);
    # the tests send their queries from one address and would measure that limit.
    rrl-ratelimit: 0
remote-control:
    control-enable: no
zone:
    name: "$TOPO_ZONE"
    zonefile: "dns$n.$TOPO_ZONE.zone"
EOF
    } >"$dir/nsd.conf"
    nsd-checkconf "$dir/nsd.conf"
}

# topo_start_nsd: starts NSD on both DNS hosts and waits until each answers over TCP (TCP
# answers are not diverted to the rewriter, so this works before it runs).
topo_start_nsd()
{
    topo_write_nsd_conf 1 "$TOPO_S1A" "$TOPO_S1B" || return 1
    topo_write_nsd_conf 2 "$TOPO_S2A" "$TOPO_S2B" || return 1
    topo_spawn nsd1 "$TOPO_NS_DNS1" nsd -d -c "$TOPO_WORK/nsd1/nsd.conf"
    topo_spawn nsd2 "$TOPO_NS_DNS2" nsd -d -c "$TOPO_WORK/nsd2/nsd.conf"
    topo_wait_until 10 "NSD on dns1 to answer (log $TOPO_WORK/nsd1.log)" \
        ip netns exec "$TOPO_NS_DNS1" dig +tcp +time=1 +tries=1 +short "@$TOPO_S1B" SOA "$TOPO_ZONE" \
        || return 1
    topo_wait_until 10 "NSD on dns2 to answer (log $TOPO_WORK/nsd2.log)" \
        ip netns exec "$TOPO_NS_DNS2" dig +tcp +time=1 +tries=1 +short "@$TOPO_S2B" SOA "$TOPO_ZONE" \
        || return 1
    topo_log "NSD answers on dns1 ($TOPO_S1A, $TOPO_S1B) and dns2 ($TOPO_S2A, $TOPO_S2B)"
}

# topo_has_route_rule N: succeeds once the rewriter on dns N has installed its policy rules.
topo_has_route_rule()
{
    local ns
    ns=$(topo_ns_of "$1") || return 1
    ip -n "$ns" rule show | grep -q "lookup $TOPO_ROUTE_TABLE"
}

# topo_start_rewriter N SERVER_A SERVER_B: starts mxrace-rewriter on dns host N, mapping
# SERVER_A to P1 and SERVER_B to P2, sending through backbone N.
topo_start_rewriter()
{
    local n=$1 serverA=$2 serverB=$3
    local ns
    ns=$(topo_ns_of "$n") || return 1
    topo_spawn "rewriter$n" "$ns" "$MXRACE_REWRITER" \
        --tun mxe-tun \
        --interface "mxe-bb$n" \
        --rule "$serverA=$TOPO_P1" \
        --rule "$serverB=$TOPO_P2" \
        --setup-routing \
        --route-table "$TOPO_ROUTE_TABLE" \
        --stats-interval 0 \
        --stats-file "$TOPO_WORK/rewriter$n.stats"
    topo_wait_until 10 "mxrace-rewriter on dns$n to set up routing (log $TOPO_WORK/rewriter$n.log)" \
        topo_has_route_rule "$n"
}

# topo_proxy_listens: succeeds once the proxy listens on UDP port 53 of P1 and P2.
topo_proxy_listens()
{
    local sockets
    sockets=$(ip netns exec "$TOPO_NS_PROXY" ss -Hlun)
    grep -q "$TOPO_P1:53 " <<<"$sockets" && grep -q "$TOPO_P2:53 " <<<"$sockets"
}

# topo_start_proxy: starts mxrace-proxy on P1 and P2. Queries to P1 go
# to S1a and S2a, queries to P2 to S1b and S2b.
topo_start_proxy()
{
    # The rate limit stays on, but above what the tests send: they send bursts of queries
    # from one client address.
    topo_spawn proxy "$TOPO_NS_PROXY" "$MXRACE_PROXY" \
        --listen "$TOPO_P1" \
        --listen "$TOPO_P2" \
        --server "$TOPO_S1A@$TOPO_P1" \
        --server "$TOPO_S2A@$TOPO_P1" \
        --server "$TOPO_S1B@$TOPO_P2" \
        --server "$TOPO_S2B@$TOPO_P2" \
        --zone "$TOPO_ZONE" \
        --rate-limit 500 \
        --rate-limit-burst 1000 \
        --stats-interval 0 \
        --stats-file "$TOPO_WORK/proxy.stats"
    topo_wait_until 10 "mxrace-proxy to listen on $TOPO_P1 and $TOPO_P2 (log $TOPO_WORK/proxy.log)" \
        topo_proxy_listens
}

# topo_start_daemons: starts NSD, both rewriters and the proxy, then waits until a query to
# each proxy address is answered.
topo_start_daemons()
{
    if [[ ! -x ${MXRACE_PROXY:-} || ! -x ${MXRACE_REWRITER:-} ]]; then
        topo_fail "MXRACE_PROXY ('${MXRACE_PROXY:-}') and MXRACE_REWRITER ('${MXRACE_REWRITER:-}') must name the built daemons"
        return 1
    fi
    topo_start_nsd || return 1
    topo_start_rewriter 1 "$TOPO_S1A" "$TOPO_S1B" || return 1
    topo_start_rewriter 2 "$TOPO_S2A" "$TOPO_S2B" || return 1
    topo_start_proxy || return 1
    topo_wait_until 10 "an answer to a query sent to P1 ($TOPO_P1)" \
        topo_dig_ok "$TOPO_P1" || return 1
    topo_wait_until 10 "an answer to a query sent to P2 ($TOPO_P2)" \
        topo_dig_ok "$TOPO_P2" || return 1
    topo_log "daemons up: queries to $TOPO_P1 and $TOPO_P2 are answered"
}

# topo_dig NAMESPACE DIG_ARGUMENTS...: runs dig in NAMESPACE with one try of 2 s, bounded
# by `timeout` in case dig itself hangs.
topo_dig()
{
    local ns=$1
    shift
    ip netns exec "$ns" timeout 10 dig +time=2 +tries=1 "$@"
}

# topo_dig_ok SERVER: succeeds if an MX query from the client to SERVER gets an MX answer.
topo_dig_ok()
{
    topo_dig "$TOPO_NS_CLIENT" +short "@$1" MX "$TOPO_ZONE" | grep -q ' mgw[12]\.'
}

# topo_preferred_gateway SERVER: sends one MX query from the client to SERVER and prints
# the gateway with the lowest preference ("mgw1" or "mgw2"), or "none" without an answer.
topo_preferred_gateway()
{
    local answer
    answer=$(topo_dig "$TOPO_NS_CLIENT" +short "@$1" MX "$TOPO_ZONE" 2>/dev/null) || true
    local best
    best=$(awk '$1 ~ /^[0-9]+$/ && $2 ~ /^mgw[12]\./ { print $1, $2 }' <<<"$answer" \
           | sort -n | head -n 1 | sed -E 's/^[0-9]+ (mgw[12])\..*/\1/')
    echo "${best:-none}"
}

# topo_count_gateways SERVER COUNT: sends COUNT MX queries to SERVER, one after the other,
# and prints "mgw1=A mgw2=B none=C".
topo_count_gateways()
{
    local server=$1 count=$2
    local mgw1=0 mgw2=0 none=0 i gateway
    for ((i = 0; i < count; i++)); do
        gateway=$(topo_preferred_gateway "$server")
        case $gateway in
        mgw1) mgw1=$((mgw1 + 1)) ;;
        mgw2) mgw2=$((mgw2 + 1)) ;;
        *) none=$((none + 1)) ;;
        esac
    done
    echo "mgw1=$mgw1 mgw2=$mgw2 none=$none"
}

# topo_link_down N / topo_link_up N: takes backbone N's link down or up. The command sets
# the DNS host's end, and the veth peer in inet loses its carrier with it.
topo_link_down()
{
    local ns
    ns=$(topo_ns_of "$1") || return 1
    ip -n "$ns" link set "mxe-bb$1" down
    topo_log "backbone $1 link down"
}

topo_link_up()
{
    local ns
    ns=$(topo_ns_of "$1") || return 1
    ip -n "$ns" link set "mxe-bb$1" up
    # The default route through the link was removed with it.
    ip -n "$ns" route replace default via "10.$1.0.1"
    topo_log "backbone $1 link up"
}

# Congestion settings: backbone N's outbound direction (the one the answers take) is limited
# to TOPO_CONGEST_RATE_KBIT, and the filler sends twice that, so the token bucket's queue
# stays full and an answer waits up to TOPO_CONGEST_LATENCY_MS behind it or is dropped.
TOPO_CONGEST_RATE_KBIT=${TOPO_CONGEST_RATE_KBIT:-2000}
TOPO_CONGEST_LATENCY_MS=${TOPO_CONGEST_LATENCY_MS:-200}

# topo_congest N SECONDS: congests backbone N for at most SECONDS with a tbf rate limit on
# the DNS host's backbone interface plus UDP filler from that host to the sink behind inet.
# The filler models the organisation's other outbound traffic on that backbone. Returns
# once the queue has had time to fill.
topo_congest()
{
    local n=$1 seconds=$2
    local ns
    ns=$(topo_ns_of "$n") || return 1
    ip netns exec "$ns" tc qdisc replace dev "mxe-bb$n" root tbf \
        rate "${TOPO_CONGEST_RATE_KBIT}kbit" burst 16kb latency "${TOPO_CONGEST_LATENCY_MS}ms"
    topo_spawn "filler$n" "$ns" python3 "$TOPO_SOURCE_DIR/udp-filler.py" \
        --destination "$TOPO_SINK" \
        --rate-kbit $((2 * TOPO_CONGEST_RATE_KBIT)) \
        --seconds "$seconds"
    sleep 1
    if ! topo_running "filler$n"; then
        topo_fail "the filler on dns$n stopped early; its log: $(cat "$TOPO_WORK/filler$n.log")"
        return 1
    fi
    topo_log "backbone $n congested: tbf ${TOPO_CONGEST_RATE_KBIT} kbit/s plus filler at twice that"
}

# topo_uncongest N: stops the filler and removes the rate limit of backbone N. Logs the
# filler's report (packets sent).
topo_uncongest()
{
    local n=$1
    local ns
    ns=$(topo_ns_of "$n") || return 1
    topo_stop "filler$n"
    ip netns exec "$ns" tc qdisc del dev "mxe-bb$n" root 2>/dev/null || true
    topo_log "backbone $n no longer congested ($(tail -n 1 "$TOPO_WORK/filler$n.log"))"
}

# topo_queue_drops N: prints how many packets the tbf on backbone N has dropped.
topo_queue_drops()
{
    local ns
    ns=$(topo_ns_of "$1") || return 1
    ip netns exec "$ns" tc -s qdisc show dev "mxe-bb$1" \
        | sed -nE 's/.*\(dropped ([0-9]+),.*/\1/p' | head -n 1
}
