#!/bin/sh
# Applies (up) or removes (down) the policy routing that sends a DNS server's UDP answers
# into mxrace-rewriter's TUN device, reading tun, interface, rule, server-port and
# route-table from the rewriter's config file. Run it as root, "up" before the daemon
# starts and "down" after it stops; the daemon's setup-routing option does the same from
# inside the daemon.
#
# Usage: rewriter-routing.sh up|down [CONFIG]   (default /etc/mxrace/mxrace-rewriter.conf)
set -eu

action="${1:-}"
config="${2:-/etc/mxrace/mxrace-rewriter.conf}"

fail() {
    echo "rewriter-routing: $*" >&2
    exit 1
}

# Prints every value of option $1 in the config file, with the daemon's parsing rules:
# '#' starts a comment and blanks around names and values are removed.
values() {
    sed -e 's/#.*//' "$config" | awk -v key="$1" '
        index($0, "=") > 0 {
            name = substr($0, 1, index($0, "=") - 1)
            value = substr($0, index($0, "=") + 1)
            gsub(/^[ \t\r]+|[ \t\r]+$/, "", name)
            gsub(/^[ \t\r]+|[ \t\r]+$/, "", value)
            if (name == key) print value
        }'
}

# Prints the last value of option $1, or the default $2.
value() {
    found=$(values "$1" | tail -n 1)
    echo "${found:-$2}"
}

case "$action" in
up | down) ;;
*) fail "usage: $0 up|down [CONFIG]" ;;
esac
[ -r "$config" ] || fail "cannot read config file $config"
[ "$(id -u)" -eq 0 ] || fail "run as root: ip rule, ip route and sysctl need CAP_NET_ADMIN"

tun=$(value tun mxrace0)
interface=$(value interface "")
port=$(value server-port 53)
table=$(value route-table 53)
servers=$(values rule | sed -e 's/=.*//')

[ -n "$interface" ] || fail "$config sets no interface"
[ -n "$servers" ] || fail "$config has no rule line"

if [ "$action" = down ]; then
    # Each step is allowed to fail, so that "down" also cleans up after a partial "up".
    for server in $servers; do
        ip rule del from "$server" ipproto udp sport "$port" lookup "$table" 2>/dev/null || true
    done
    ip route del default dev "$tun" table "$table" 2>/dev/null || true
    ip tuntap del dev "$tun" mode tun 2>/dev/null || true
    echo "rewriter-routing: removed the rules of $servers and TUN device $tun"
    exit 0
fi

[ -d "/sys/class/net/$interface" ] || fail "interface $interface (option interface) not found"

# A persistent TUN device, so that the routes exist before the daemon attaches to it and
# survive its restarts. While no process has it open, answers routed into it are dropped.
if [ ! -d "/sys/class/net/$tun" ]; then
    ip tuntap add dev "$tun" mode tun
fi

# Without IPv6 on the TUN device, the kernel sends no router solicitations or MLD
# reports into it, which the rewriter would read and count as drops.
if [ -w "/proc/sys/net/ipv6/conf/$tun/disable_ipv6" ]; then
    echo 1 >"/proc/sys/net/ipv6/conf/$tun/disable_ipv6"
fi

# The rules below make the kernel's reverse-path lookup for a query to a server address
# resolve into the TUN device. Strict rp_filter (1) would then drop every query, so make
# it loose (2) on the backbone interface and on the interfaces holding a server address.
# Queries arriving on another interface need the same: see README.md.
holders=$(for server in $servers; do
    ip -o -4 addr show to "$server/32" | awk '{ print $2 }'
done | sort -u)
for name in "$interface" $holders; do
    path="/proc/sys/net/ipv4/conf/$name/rp_filter"
    if [ -r "$path" ] && [ "$(cat "$path")" = 1 ]; then
        echo 2 >"$path"
        echo "rewriter-routing: $path = 2 (was 1)"
    fi
done

# The TUN device takes the backbone's MTU, so that the kernel fragments long answers to
# a size the backbone carries: the rewriter's raw socket does not fragment.
ip link set dev "$tun" mtu "$(cat "/sys/class/net/$interface/mtu")" up
ip route replace default dev "$tun" table "$table"
for server in $servers; do
    # Deleting first makes "up" safe to repeat.
    ip rule del from "$server" ipproto udp sport "$port" lookup "$table" 2>/dev/null || true
    ip rule add from "$server" ipproto udp sport "$port" lookup "$table"
done
echo "rewriter-routing: answers from $servers (UDP port $port) go to TUN device $tun," \
    "table $table"
