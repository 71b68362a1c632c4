#!/bin/sh
# Installs the "daemons" component of build directory $1 into a temporary DESTDIR and checks
# that the units run installed programs and read configs named like the installed examples.
set -eu

build="$1"
destdir=$(mktemp -d)
trap 'rm -rf "$destdir"' EXIT

fail() {
    echo "install-test: $*" >&2
    exit 1
}

DESTDIR="$destdir" cmake --install "$build" --component daemons >/dev/null
prefix=$(sed -n 's/^CMAKE_INSTALL_PREFIX:PATH=//p' "$build/CMakeCache.txt")
root="$destdir$prefix"

for program in mxrace-proxy mxrace-rewriter; do
    [ -x "$root/sbin/$program" ] || fail "$prefix/sbin/$program is not installed"
    version=$("$root/sbin/$program" --version)
    case "$version" in
    "$program "[0-9]*) ;;
    *) fail "$program --version printed \"$version\"" ;;
    esac
done
[ -x "$root/sbin/rewriter-routing.sh" ] || fail "$prefix/sbin/rewriter-routing.sh is not installed"
[ -f "$root/share/doc/mxrace/README.md" ] || fail "the deployment guide is not installed"

for name in mxrace-proxy mxrace-rewriter; do
    unit="$root/lib/systemd/system/$name.service"
    [ -f "$unit" ] || fail "$prefix/lib/systemd/system/$name.service is not installed"
    [ -f "$root/share/doc/mxrace/examples/$name.conf" ] ||
        fail "$prefix/share/doc/mxrace/examples/$name.conf is not installed"

    # Each Exec line starts with a program path after systemd's prefixes (+, -, @, !, :).
    grep -E '^Exec[A-Za-z]*=' "$unit" | sed -e 's/^[^=]*=[-+@!:]*//' -e 's/ .*//' |
        while read -r program; do
            case "$program" in
            "$prefix"/*)
                [ -x "$destdir$program" ] || fail "$name.service runs $program, not installed"
                ;;
            *)
                [ -x "$program" ] || fail "$name.service runs $program, not found"
                ;;
            esac
        done

    grep -q "^ExecStart=$prefix/sbin/$name --config /etc/mxrace/$name.conf\$" "$unit" ||
        fail "$name.service does not run $prefix/sbin/$name --config /etc/mxrace/$name.conf"
done
echo "install-test: installed under $prefix: daemons, rewriter-routing.sh, units, examples"
