#!/bin/sh
# Makes sure the tools the build and the tests need are here and able to do
# their job, installing or upgrading Debian packages when run as root, and
# printing the exact commands otherwise.
#
#   tools/deps.sh NEED_RUSTC_WEB [ARCH] [EXTRA...]
#
# ARCH is s390x (the default) or riscv64: the architecture whose QEMU,
# cross tools and Rust target are checked. NEED_RUSTC_WEB is "yes" when
# rustup has no prebuilt target for it, so the kernel's core/alloc are
# built from Debian's rustc-web and its library source. EXTRA names
# optional groups: gdb, clippy (Debian's clippy for the rustc-web that
# builds the kernel).
#
# Every check asks for a capability, not for a file: an installed rustc-web
# 1.85 has /usr/bin/rustc but no s390x-unknown-none-softfloat target, and
# an old package list offers exactly that version. So a failing check first
# refreshes the package lists when the current ones cannot be trusted to
# provide a capable version, installs, and checks again. What is still
# missing after that is reported one line each, naming the package, the
# version found and what is needed.
set -eu

RUSTC=/usr/bin/rustc
RUST_SRC=/usr/lib/rustlib/src/rust
# The oldest rustc-web verified to build the kernel here. Used only to decide
# whether the package lists are too old to offer a capable version; the check
# itself asks the compiler.
RUSTC_WEB_KNOWN_GOOD=1.96

need_rustc_web=${1:-no}
[ $# -gt 0 ] && shift
arch=s390x
case ${1:-} in
    s390x | riscv64)
        arch=$1
        shift
        ;;
esac
case $arch in
    s390x) KERNEL_TARGET=s390x-unknown-none-softfloat ;;
    riscv64) KERNEL_TARGET=riscv64gc-unknown-none-elf ;;
esac

# --- capability checks: each prints nothing and succeeds, or prints why ----

rustc_version() { "$RUSTC" --version 2>/dev/null | sed -n 's/^rustc \([0-9.]*\).*/\1/p'; }

check_rustc() {
    if [ ! -x "$RUSTC" ]; then
        echo "no $RUSTC"
        return 1
    fi
    if ! "$RUSTC" --print target-list 2>/dev/null | grep -qx "$KERNEL_TARGET"; then
        echo "rustc $(rustc_version) at $RUSTC has no target $KERNEL_TARGET (rustc-web $RUSTC_WEB_KNOWN_GOOD from bookworm-security has it)"
        return 1
    fi
}

# -Zbuild-std compiles core/alloc from the library source, which must be the
# source of this very compiler: rust-web-src links $RUST_SRC to
# /usr/src/rustc-<version>.
check_rust_src() {
    v=$(rustc_version)
    src=$(readlink -f "$RUST_SRC" 2>/dev/null || true)
    if [ ! -f "$RUST_SRC/library/core/src/lib.rs" ]; then
        echo "no Rust library source at $RUST_SRC"
        return 1
    fi
    case $src in
        */rustc-"$v") ;;
        *)
            echo "Rust library source at $src does not match rustc ${v:-(none)}"
            return 1
            ;;
    esac
}

check_qemu_s390x() {
    if ! qemu-system-s390x -machine help 2>/dev/null | grep -q '^s390-ccw-virtio'; then
        echo "no qemu-system-s390x with machine s390-ccw-virtio"
        return 1
    fi
    # -action panic=exit-failure (QEMU 6.0+) is how a failed boot exits 1.
    if ! qemu-system-s390x -help 2>/dev/null | grep -q '^-action'; then
        echo "qemu-system-s390x has no -action panic=exit-failure (needs QEMU 6.0 or later)"
        return 1
    fi
}

# QEMU's virt machine, started with its bundled OpenSBI (-bios default,
# opensbi-riscv64-generic-fw_dynamic.bin from qemu-system-data): the
# firmware must be found, or QEMU stops before the kernel.
check_qemu_riscv64() {
    if ! qemu-system-riscv64 -machine help 2>/dev/null | grep -q '^virt '; then
        echo "no qemu-system-riscv64 with machine virt"
        return 1
    fi
    # Paused (-S), the machine is built and the firmware loaded; the
    # monitor's quit then ends QEMU.
    if ! out=$(echo quit | timeout 10 qemu-system-riscv64 -M virt -bios default \
        -display none -serial none -monitor stdio -S 2>&1 >/dev/null); then
        echo "qemu-system-riscv64 -M virt -bios default cannot start (no OpenSBI firmware?): ${out:-timed out}"
        return 1
    fi
}

check_binutils_s390x() {
    for tool in ld strip nm objdump; do
        if ! s390x-linux-gnu-$tool --version >/dev/null 2>&1; then
            echo "no s390x-linux-gnu-$tool"
            return 1
        fi
    done
    if ! s390x-linux-gnu-ld -V 2>/dev/null | grep -q elf64_s390; then
        echo "s390x-linux-gnu-ld cannot link elf64_s390"
        return 1
    fi
}

check_binutils_riscv64() {
    for tool in ld strip nm objdump; do
        if ! riscv64-linux-gnu-$tool --version >/dev/null 2>&1; then
            echo "no riscv64-linux-gnu-$tool"
            return 1
        fi
    done
    if ! riscv64-linux-gnu-ld -V 2>/dev/null | grep -q elf64lriscv; then
        echo "riscv64-linux-gnu-ld cannot link elf64lriscv"
        return 1
    fi
}

# `make clippy` lints the kernel for its target with the clippy of the
# very compiler that builds it (Debian's, beside rustc-web).
check_clippy() {
    # clippy calls itself 0.1.<minor>: compare the minor versions.
    minor=$(rustc_version | cut -d. -f2)
    if ! /usr/bin/clippy-driver --version 2>/dev/null | grep -q "^clippy 0\.1\.$minor\b"; then
        echo "no /usr/bin/clippy-driver for rustc $(rustc_version)"
        return 1
    fi
}

# The C test programs (tests/c) are built as Linux programs are: Debian's
# cross gcc, hard float, glibc static.
check_cross_gcc() {
    out=$(mktemp)
    if ! printf 'int main(void){return 0;}\n' |
        "$arch"-linux-gnu-gcc -O2 -static -x c - -o "$out" 2>/dev/null; then
        rm -f "$out"
        echo "$arch-linux-gnu-gcc cannot link a static glibc program"
        return 1
    fi
    rm -f "$out"
}

check_gdb() {
    case $arch in
        s390x) gdb_arch=s390:64-bit ;;
        riscv64) gdb_arch=riscv:rv64 ;;
    esac
    if ! gdb-multiarch -batch -ex "set architecture $gdb_arch" >/dev/null 2>&1; then
        echo "no gdb-multiarch that knows $gdb_arch"
        return 1
    fi
}

# --- the requirements: "CHECK PACKAGE[=MIN_VERSION]..." ---------------------
# A check's packages are installed together: the compiler and its library
# source must come from one version, or a second run could not repair the
# pair.

# qemu-system-misc has qemu-system-s390x and qemu-system-riscv64; OpenSBI
# comes with qemu-system-data, which it depends on.
requirements="check_qemu_$arch qemu-system-misc
check_binutils_$arch binutils-$arch-linux-gnu
check_cross_gcc gcc-$arch-linux-gnu libc6-dev-$arch-cross"
if [ "$need_rustc_web" = yes ]; then
    requirements="$requirements
check_rustc rustc-web=$RUSTC_WEB_KNOWN_GOOD rust-web-src=$RUSTC_WEB_KNOWN_GOOD
check_rust_src rustc-web=$RUSTC_WEB_KNOWN_GOOD rust-web-src=$RUSTC_WEB_KNOWN_GOOD"
fi
for extra in "$@"; do
    case $extra in
        gdb) requirements="$requirements
check_gdb gdb-multiarch" ;;
        clippy) [ "$need_rustc_web" = yes ] && requirements="$requirements
check_clippy rust-web-clippy=$RUSTC_WEB_KNOWN_GOOD" ;;
        *)
            echo "deps.sh: unknown group '$extra'" >&2
            exit 2
            ;;
    esac
done

# Sets $missing (package specs, each once) and $why (one line per failed
# check, naming its packages).
survey() {
    missing=""
    why=""
    while read -r check specs; do
        if ! reason=$($check); then
            names=""
            for spec in $specs; do
                names="$names ${spec%%=*}"
                case " $missing " in *" $spec "*) ;; *) missing="$missing $spec" ;; esac
            done
            why="$why
 $names: $reason"
        fi
    done <<EOF
$requirements
EOF
}

# The package names of $missing, for apt-get.
missing_names() {
    for spec in $missing; do printf ' %s' "${spec%%=*}"; done
}

# True when the current lists offer every missing package at a version at
# least as new as the one known to work.
lists_can_provide() {
    for spec in $missing; do
        cand=$(apt-cache policy "${spec%%=*}" 2>/dev/null | sed -n 's/^ *Candidate: //p')
        case $cand in "" | "(none)") return 1 ;; esac
        case $spec in
            *=*) dpkg --compare-versions "$cand" ge "${spec#*=}" || return 1 ;;
        esac
    done
}

survey
[ -z "$missing" ] && exit 0

install="apt-get install -y -q --no-install-recommends$(missing_names)"
if [ "$(id -u)" != 0 ]; then
    echo "The build needs:$why" >&2
    echo "Run as root: apt-get update && $install" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
echo "Installing:$(missing_names)$why"
# An install interrupted earlier leaves packages unconfigured; finish them
# so that this run can repair what that one left.
dpkg --configure -a
refreshed=no
refresh() {
    refreshed=yes
    echo "Refreshing the package lists (apt-get update)"
    apt-get update -qq || echo "apt-get update failed; trying the lists this machine has" >&2
}
lists_can_provide || refresh
if ! $install; then
    [ $refreshed = no ] && refresh && $install || true
fi
survey
if [ -n "$missing" ] && [ $refreshed = no ]; then
    refresh
    $install || true
    survey
fi
if [ -n "$missing" ]; then
    echo "Could not install what the build needs (no network, or the package is not in this machine's sources):$why" >&2
    echo "Tried: apt-get update && $install" >&2
    exit 1
fi
