#!/bin/sh
# Installs what building and booting the kernel needs, or, when not root,
# prints the exact command that would. Usage: tools/deps.sh [gdb]
#
# Each check names the Debian package that provides the missing piece.
set -eu

need_rustc_web=$1
shift
missing=""
want() { # want PACKAGE TEST...
    pkg=$1
    shift
    if ! "$@" >/dev/null 2>&1; then
        missing="$missing $pkg"
    fi
}

want qemu-system-misc command -v qemu-system-s390x
want binutils-s390x-linux-gnu command -v s390x-linux-gnu-ld
if [ "$need_rustc_web" = yes ]; then
    want rustc-web test -x /usr/bin/rustc
    want rust-web-src test -d /usr/lib/rustlib/src/rust/library/core
fi
for extra in "$@"; do
    case $extra in
        gdb) want gdb-multiarch command -v gdb-multiarch ;;
    esac
done

[ -z "$missing" ] && exit 0

cmd="apt-get install -y --no-install-recommends$missing"
if [ "$(id -u)" != 0 ]; then
    echo "Missing packages:$missing" >&2
    echo "Run as root: apt-get update && $cmd" >&2
    exit 1
fi
echo "Installing:$missing"
export DEBIAN_FRONTEND=noninteractive
# Install from the current lists first; refresh them only if that fails
# (a fresh machine has none).
if ! $cmd >/dev/null 2>&1; then
    apt-get update -qq
    $cmd
fi
