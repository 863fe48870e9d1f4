# Build, boot and test the s390x fault-handling kernel.
#
#   make run        build and boot in QEMU (console on stdio; Ctrl-A x quits)
#   make test       host unit tests, then every QEMU boot, with a summary
#   make gdb        boot halted with a gdbstub and attach gdb-multiarch
#   make bench      faultbench on this kernel and on Linux 6.1 in the same QEMU
#
# Variables: RELEASE=1 (optimised kernel), MEM=512M, APPEND="options",
# TIMEOUT=seconds per QEMU boot, BOOT=name (make test: one boot only),
# SELFTEST=0 (a production kernel: no self-tests, crash scenarios or
# fault injection; `make bench` builds that).

TARGET   := s390x-unknown-none-softfloat
PROFILE  := $(if $(RELEASE),release,debug)
KDIR     := target/s390x
KERNEL   := $(KDIR)/$(TARGET)/$(PROFILE)/kernel
HARNESS  := target/debug/ktap-harness
MEM      ?= 512M
APPEND   ?= loglevel=info
TIMEOUT  ?= 120

# Where rustup has the target (a machine with internet), use the prebuilt
# core/alloc. Otherwise build them from Debian's rustc-web library source.
HAVE_TARGET := $(shell rustup target list --installed 2>/dev/null | grep -qx $(TARGET) && echo yes)
ifeq ($(HAVE_TARGET),yes)
KCARGO := CARGO_TARGET_DIR=$(KDIR) cargo
KCLIPPY := CARGO_TARGET_DIR=$(KDIR)-clippy cargo clippy
NEED_RUSTC_WEB := no
else
KCARGO := CARGO_TARGET_DIR=$(KDIR) RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 cargo \
	-Zbuild-std=core,alloc -Zbuild-std-features=compiler-builtins-mem
# Debian's cargo-clippy runs the clippy-driver of the same compiler.
KCLIPPY := CARGO_TARGET_DIR=$(KDIR)-clippy RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 \
	/usr/bin/cargo-clippy clippy -Zbuild-std=core,alloc -Zbuild-std-features=compiler-builtins-mem
NEED_RUSTC_WEB := yes
endif

# The self-test machinery is a default feature of the kernel crate.
SELFTEST   ?= 1
KFEATURES  := $(if $(filter 0,$(SELFTEST)),--no-default-features)

QEMU       := qemu-system-s390x
QEMU_FLAGS := -M s390-ccw-virtio -nographic -action panic=exit-failure

.PHONY: all deps user kernel run test gdb bench clean fmt clippy busybox-expected linux-diff linux-expected

all: kernel

deps:
	@tools/deps.sh $(NEED_RUSTC_WEB)

# User test programs (tests/user in Rust, tests/c in C) are built first,
# stripped into target/user/, and embedded in the kernel image by
# kernel/build.rs.
USER_BINS := $(shell sed -n 's/^name = "\(.*\)"/\1/p' tests/user/Cargo.toml | grep -v user-progs)

# C programs are built the way Linux programs are: Debian's cross gcc,
# hard float, -O2, glibc static. tests/c/NAME.flags, if present, holds
# extra flags for NAME.c (e.g. -nostdlib -ffreestanding for a program that
# needs exact instruction control).
CC_USER    := s390x-linux-gnu-gcc
CFLAGS_USER := -O2 -static -Wall -Werror
CPROGS     := $(patsubst tests/c/%.c,target/user/%,$(wildcard tests/c/*.c))

target/user/%: tests/c/%.c $(wildcard tests/c/*.h) $(wildcard tests/c/*.flags) | deps
	@mkdir -p target/user target/cprogs
	$(CC_USER) $(CFLAGS_USER) $(shell cat tests/c/$*.flags 2>/dev/null) -o target/cprogs/$* $<
	s390x-linux-gnu-strip -o $@ target/cprogs/$*

# The differential suite (tests/linux-diff): each case is one freestanding
# program (nolibc.h, hard float, -O2), run on this kernel and on Linux 6.1;
# the driver runs them and marks each one's output.
DIFF_CFLAGS := -O2 -static -nostdlib -ffreestanding -fno-stack-protector -Wall -Werror \
	-I tests/c -I tests/linux-diff
DIFF_CASES  := $(patsubst tests/linux-diff/cases/%.c,target/linux-diff/cases/%,$(wildcard tests/linux-diff/cases/*.c))
DIFF_DEPS   := tests/c/nolibc.h $(wildcard tests/linux-diff/*.h)

target/linux-diff/cases/%: tests/linux-diff/cases/%.c $(DIFF_DEPS) | deps
	@mkdir -p target/linux-diff/cases
	$(CC_USER) $(DIFF_CFLAGS) -o $@.full $< -lgcc
	s390x-linux-gnu-strip -o $@ $@.full && rm $@.full

target/linux-diff/driver: tests/linux-diff/driver.c $(DIFF_DEPS) | deps
	@mkdir -p target/linux-diff
	$(CC_USER) $(DIFF_CFLAGS) -o $@.full $< -lgcc
	s390x-linux-gnu-strip -o $@ $@.full && rm $@.full

linux-diff: target/linux-diff/driver $(DIFF_CASES)

user: deps $(CPROGS)
	$(KCARGO) build -p user-progs --target $(TARGET) $(if $(RELEASE),--release)
	@mkdir -p target/user
	@for b in $(USER_BINS); do \
		s390x-linux-gnu-strip -o target/user/$$b.tmp $(KDIR)/$(TARGET)/$(PROFILE)/$$b && \
		{ cmp -s target/user/$$b.tmp target/user/$$b && rm target/user/$$b.tmp || mv target/user/$$b.tmp target/user/$$b; }; \
	done

kernel: deps user
	$(KCARGO) build -p kernel --target $(TARGET) $(if $(RELEASE),--release) $(KFEATURES)

# INIT=path/to/static-elf, or a cpio newc archive (gzip-compressed or
# not) that becomes the root file system, whose /init (or the program
# APPEND="rdinit=/path" names) runs as the first task; ARGS="..." are its
# arguments, where double quotes group words as on Linux
# (ARGS='-c "echo hi; ls /"'). The command line is single-quoted for the
# shell, so APPEND and ARGS must not hold a single quote.
run: kernel
	$(QEMU) $(QEMU_FLAGS) -m $(MEM) -kernel $(KERNEL) \
		$(if $(INIT),-initrd $(INIT)) -append '$(APPEND)$(if $(ARGS), -- $(ARGS))'

$(HARNESS): FORCE
	cargo build -q -p harness

test: kernel linux-diff $(HARNESS)
	$(HARNESS) --kernel $(KERNEL) --timeout $(TIMEOUT) --host-tests $(if $(BOOT),--boot $(BOOT))

# Records Linux 6.1's answers to the busybox scripts (tests/busybox): boots
# the pinned Debian kernel twice per script in the same QEMU and writes
# NAME.expected, refusing a script whose two boots disagree. Needs network
# once (the packages are cached in target/pkgs).
busybox-expected: deps $(HARNESS)
	$(HARNESS) --record-busybox --timeout $(TIMEOUT)

# Records Linux 6.1's answers to the differential suite
# (tests/linux-diff): two full boots of the pinned Debian kernel that must
# agree, and each case alone, which must agree too. Needs network once.
linux-expected: deps linux-diff $(HARNESS)
	$(HARNESS) --record-linux-diff --timeout $(TIMEOUT)

gdb: kernel
	@tools/deps.sh $(NEED_RUSTC_WEB) gdb
	$(QEMU) $(QEMU_FLAGS) -m $(MEM) -kernel $(KERNEL) -append "$(APPEND)" -s -S \
		</dev/null >target/gdb-console.log 2>&1 & qemu=$$!; \
	gdb-multiarch $(KERNEL) -ex "target remote :1234"; \
	kill $$qemu 2>/dev/null || true

# faultbench (tests/user) on this kernel and on Debian's Linux 6.1 in the
# same QEMU, plain TCG and -icount: tables, CSV and SVG charts in
# target/bench/. Linux is measured even if the kernel does not build.
# BENCH_ARGS="--boots 1 --no-scaling" for a quick run (see bench/RESULTS.md).
bench: deps
	$(MAKE) --no-print-directory user RELEASE=1
	@mkdir -p target/bench
	s390x-linux-gnu-strip -o target/bench/faultbench $(KDIR)/$(TARGET)/release/faultbench
	cargo build --release -q -p bench
	@if $(MAKE) --no-print-directory kernel RELEASE=1 SELFTEST=0; then k=$(KDIR)/$(TARGET)/release/kernel; \
	else echo "bench: the kernel did not build; measuring Linux only"; k=none; fi; \
	target/release/faultbench-run --program target/bench/faultbench --kernel $$k --out target/bench $(BENCH_ARGS)

fmt:
	cargo fmt --all

# The host crates, then the kernel and the user programs for their target
# (the s390x-only modules, the task layer and every unsafe block are only
# seen there).
clippy: user
	@tools/deps.sh $(NEED_RUSTC_WEB) clippy
	cargo clippy --all-targets -- -D warnings
	$(KCLIPPY) -p kernel -p user-progs --target $(TARGET) -- -D warnings

clean:
	cargo clean

FORCE:
