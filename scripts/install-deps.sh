#!/bin/sh
# Installs the Debian 12 packages mxrace needs to build, test and regenerate its results,
# skipping the download when every package is already installed.
set -eu

PACKAGES="
build-essential cmake pkg-config git
libboost-program-options-dev libgtest-dev googletest
libns3-dev ns3 libgsl-dev libldns-dev
python3 python3-matplotlib python3-scapy
nsd unbound bind9-dnsutils ldnsutils postfix
iproute2 nftables tcpdump procps
dnsperf dnsdist
"

missing=""
for package in $PACKAGES; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $package"
    fi
done

if [ -z "$missing" ]; then
    echo "install-deps: all packages present"
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "install-deps: missing packages:$missing" >&2
    echo "install-deps: run this script as root (or with sudo) to install them" >&2
    exit 1
fi

echo "install-deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# Postfix asks for a mail set-up on install; the tests only use its smtp-source and smtp-sink.
echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing
