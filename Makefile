# Build, boot and test the fault-handling kernel on s390x and riscv64.
#
#   make run        build and boot in QEMU (console on stdio; Ctrl-A x quits)
#   make test       host unit tests, then every QEMU boot of both
#                   architectures, with one summary
#   make gdb        boot halted with a gdbstub and attach gdb-multiarch
#   make bench      faultbench on this kernel (and, on s390x, on Linux 6.1)
#   make fuzz       the system-call fuzzer, SEED=n SECONDS=n (tests/c/fuzz.c)
#
# Variables: ARCH=s390x|riscv64 (default s390x; `make test` without it
# tests both), RELEASE=1 (optimised kernel), MEM=512M, APPEND="options",
# TIMEOUT=seconds per QEMU boot, BOOT=name (make test: one boot only),
# SELFTEST=0 (a production kernel: no self-tests, crash scenarios or
# fault injection; `make bench` builds that).

# `make test` alone tests every architecture; everything else builds one.
ARCHS    := s390x riscv64
TEST_ARCHS := $(or $(ARCH),$(ARCHS))
ARCH     ?= s390x
ifeq ($(filter $(ARCH),$(ARCHS)),)
$(error ARCH=$(ARCH): one of $(ARCHS))
endif

# What differs between the architectures: the Rust target, Debian's cross
# tools, QEMU and its machine.
TARGET_s390x    := s390x-unknown-none-softfloat
TARGET_riscv64  := riscv64gc-unknown-none-elf
CROSS_s390x     := s390x-linux-gnu-
CROSS_riscv64   := riscv64-linux-gnu-
QEMU_s390x      := qemu-system-s390x
QEMU_riscv64    := qemu-system-riscv64
# s390x: a failed boot ends in a disabled wait, which -action makes exit 1.
QEMU_FLAGS_s390x   := -M s390-ccw-virtio -nographic -action panic=exit-failure
# riscv64: QEMU's bundled OpenSBI (-bios default) loads the kernel at
# 0x80200000; the kernel exits through the SiFive test device.
QEMU_FLAGS_riscv64 := -M virt -nographic -bios default

TARGET   := $(TARGET_$(ARCH))
CROSS    := $(CROSS_$(ARCH))
PROFILE  := $(if $(RELEASE),release,debug)
KDIR     := target/$(ARCH)
KERNEL   := $(KDIR)/$(TARGET)/$(PROFILE)/kernel
# Each architecture's user programs, which kernel/build.rs embeds (a
# release build's apart, so that building both kinds, as `make test`
# does, rebuilds neither kernel the next time).
UDIR     := target/user/$(ARCH)$(if $(RELEASE),-release)
HARNESS  := target/debug/ktap-harness
MEM      ?= 512M
APPEND   ?= loglevel=info
TIMEOUT  ?= 120

# Where rustup has the target (a machine with internet), use the prebuilt
# core/alloc. Otherwise build them from Debian's rustc-web library source.
# (Decided per target: one may be installed and not the other.)
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

QEMU       := $(QEMU_$(ARCH))
QEMU_FLAGS := $(QEMU_FLAGS_$(ARCH))

.PHONY: all deps user kernel run test fuzz gdb bench clean fmt clippy clippy-target busybox-expected linux-diff linux-diff-riscv64 linux-expected

all: kernel

deps:
	@tools/deps.sh $(NEED_RUSTC_WEB) $(ARCH)

# User test programs (tests/user in Rust, tests/c in C) are built first,
# stripped into target/user/ARCH/, and embedded in the kernel image by
# kernel/build.rs (USER_PROGS_DIR).
USER_BINS := $(shell sed -n 's/^name = "\(.*\)"/\1/p' tests/user/Cargo.toml | grep -v user-progs)

# C programs are built the way Linux programs are: Debian's cross gcc,
# hard float, -O2, glibc static. tests/c/*.c are for every architecture,
# tests/c/ARCH/*.c for one (what tests its own registers and signal
# frame). tests/c/NAME.flags, if present, holds extra flags for NAME.c
# (e.g. -nostdlib -ffreestanding for a program that needs exact
# instruction control), tests/c/NAME.ARCH.flags more for one architecture
# (how to keep the compiler off the floating-point registers).
CC_USER    := $(CROSS)gcc
CFLAGS_USER := -O2 -static -Wall -Werror
CSRCS      := $(wildcard tests/c/*.c tests/c/$(ARCH)/*.c)
CPROGS     := $(foreach c,$(CSRCS),$(UDIR)/$(basename $(notdir $(c))))
CFLAGS_OF   = $(shell cat tests/c/$(1).flags tests/c/$(1).$(ARCH).flags 2>/dev/null)

define cprog
$(UDIR)/$(basename $(notdir $(1))): $(1) $(wildcard tests/c/*.h tests/c/$(ARCH)/*.h tests/c/*.flags) | deps
	@mkdir -p $(UDIR) target/cprogs/$(ARCH)
	$(CC_USER) $(CFLAGS_USER) $$(call CFLAGS_OF,$(basename $(notdir $(1)))) -o target/cprogs/$(ARCH)/$(basename $(notdir $(1))) $(1)
	$(CROSS)strip -o $$@ target/cprogs/$(ARCH)/$(basename $(notdir $(1)))
endef
$(foreach c,$(CSRCS),$(eval $(call cprog,$(c))))

# The differential suite (tests/linux-diff): each case is one freestanding
# program (nolibc.h, hard float, -O2), run on this kernel and on Linux 6.1;
# the driver runs them and marks each one's output. s390x only: its Linux
# peer is Debian's s390x kernel, and there is none for riscv64 here.
DIFF_CC     := s390x-linux-gnu-gcc
DIFF_CFLAGS := -O2 -static -nostdlib -ffreestanding -fno-stack-protector -Wall -Werror \
	-I tests/c -I tests/linux-diff
DIFF_CASES  := $(patsubst tests/linux-diff/cases/%.c,target/linux-diff/cases/%,$(wildcard tests/linux-diff/cases/*.c))
DIFF_DEPS   := tests/c/nolibc.h $(wildcard tests/linux-diff/*.h)

target/linux-diff/cases/%: tests/linux-diff/cases/%.c $(DIFF_DEPS) | deps
	@mkdir -p target/linux-diff/cases
	$(DIFF_CC) $(DIFF_CFLAGS) -o $@.full $< -lgcc
	s390x-linux-gnu-strip -o $@ $@.full && rm $@.full

target/linux-diff/driver: tests/linux-diff/driver.c $(DIFF_DEPS) | deps
	@mkdir -p target/linux-diff
	$(DIFF_CC) $(DIFF_CFLAGS) -o $@.full $< -lgcc
	s390x-linux-gnu-strip -o $@ $@.full && rm $@.full

linux-diff: target/linux-diff/driver $(DIFF_CASES)

# The edge cases (*_edge_*: every call with an address or a length, at
# the values issue 16 names) and the driver, built for riscv64 too:
# `make test` runs them there without a comparison (no Linux riscv64
# here), to show that none of them panics or hangs that kernel.
RV_DIFF     := target/linux-diff/riscv64
RV_EDGES    := $(patsubst tests/linux-diff/cases/%.c,$(RV_DIFF)/cases/%,$(wildcard tests/linux-diff/cases/*_edge_*.c))

$(RV_DIFF)/cases/%: tests/linux-diff/cases/%.c $(DIFF_DEPS) | deps
	@mkdir -p $(RV_DIFF)/cases
	riscv64-linux-gnu-gcc $(DIFF_CFLAGS) -o $@.full $< -lgcc
	riscv64-linux-gnu-strip -o $@ $@.full && rm $@.full

$(RV_DIFF)/driver: tests/linux-diff/driver.c $(DIFF_DEPS) | deps
	@mkdir -p $(RV_DIFF)
	riscv64-linux-gnu-gcc $(DIFF_CFLAGS) -o $@.full $< -lgcc
	riscv64-linux-gnu-strip -o $@ $@.full && rm $@.full

linux-diff-riscv64: $(RV_DIFF)/driver $(RV_EDGES)

user: deps $(CPROGS)
	$(KCARGO) build -p user-progs --target $(TARGET) $(if $(RELEASE),--release)
	@mkdir -p $(UDIR)
	@for b in $(USER_BINS); do \
		$(CROSS)strip -o $(UDIR)/$$b.tmp $(KDIR)/$(TARGET)/$(PROFILE)/$$b && \
		{ cmp -s $(UDIR)/$$b.tmp $(UDIR)/$$b && rm $(UDIR)/$$b.tmp || mv $(UDIR)/$$b.tmp $(UDIR)/$$b; }; \
	done

kernel: deps user
	USER_PROGS_DIR=$(abspath $(UDIR)) $(KCARGO) build -p kernel --target $(TARGET) $(if $(RELEASE),--release) $(KFEATURES)

# INIT=path/to/static-elf, or a cpio newc archive (gzip-compressed or
# not) that becomes the root file system, whose /init (or the program
# APPEND="rdinit=/path" names) runs as the first task; ARGS="..." are its
# arguments, where double quotes group words as on Linux
# (ARGS='-c "echo hi; ls /"'). The command line is single-quoted for the
# shell, so APPEND and ARGS must not hold a single quote.
run: kernel
	$(QEMU) $(QEMU_FLAGS) -m $(MEM) -kernel $(KERNEL) \
		$(if $(INIT),-initrd $(INIT)) -append '$(APPEND)$(if $(ARGS), -- $(ARGS))'

# The fuzzer (tests/c/fuzz.c) as the first program, for as long as you
# like: `make fuzz SEED=7 SECONDS=600 [ARCH=riscv64] [MEM=64M]
# [FUZZ_ARGS="par=8 calls=400 only=K trace"]`. It exits 0 (and so does
# QEMU) if the fuzzer found nothing wrong and the kernel's invariants
# held at the end; `trace` prints every operation before it is made, to
# replay a seed that crashed the kernel (`only=K`: child K alone).
SEED      ?= 1
SECONDS   ?= 60
FUZZ_ARGS ?=
fuzz: kernel
	$(QEMU) $(QEMU_FLAGS) -m $(MEM) -kernel $(KERNEL) -initrd $(UDIR)/fuzz \
		-append 'loglevel=warn -- $(SEED) $(SECONDS) $(FUZZ_ARGS)'

$(HARNESS): FORCE
	cargo build -q -p harness

# One harness run boots every architecture of TEST_ARCHS and prints one
# summary; each kernel is built by a make of its own ARCH first. A kernel
# that does not build is removed (no stale image is tested) and the
# harness counts it as a failure, after testing the others. The
# differential suite is s390x's (its Linux peer is s390x's).
TEST_KERNEL = target/$(1)/$(TARGET_$(1))/$(PROFILE)/kernel
# The release kernel (self-tests on) that runs the differential suite's
# edge cases once: what a debug kernel's overflow checks would catch must
# not wrap silently either. s390x's (its cases and peer are s390x's).
RELEASE_KERNEL := target/s390x/$(TARGET_s390x)/release/kernel
TEST_RELEASE = $(and $(filter s390x,$(TEST_ARCHS)),$(if $(BOOT),$(filter release%,$(BOOT)),yes))
test: $(HARNESS)
	@$(foreach a,$(TEST_ARCHS),$(MAKE) --no-print-directory ARCH=$(a) kernel || \
		{ echo "test: the $(a) kernel did not build"; rm -f $(call TEST_KERNEL,$(a)); };)
	$(if $(filter s390x,$(TEST_ARCHS)),$(MAKE) --no-print-directory ARCH=s390x linux-diff)
	$(if $(filter riscv64,$(TEST_ARCHS)),$(MAKE) --no-print-directory ARCH=riscv64 linux-diff-riscv64)
	$(if $(TEST_RELEASE),@$(MAKE) --no-print-directory ARCH=s390x kernel RELEASE=1 || \
		{ echo "test: the s390x release kernel did not build"; rm -f $(RELEASE_KERNEL); })
	$(HARNESS) $(foreach a,$(TEST_ARCHS),--kernel $(a)=$(call TEST_KERNEL,$(a))) \
		$(if $(TEST_RELEASE),--release-kernel s390x=$(RELEASE_KERNEL)) \
		--timeout $(TIMEOUT) --host-tests $(if $(BOOT),--boot $(BOOT))

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
	@tools/deps.sh $(NEED_RUSTC_WEB) $(ARCH) gdb
	$(QEMU) $(QEMU_FLAGS) -m $(MEM) -kernel $(KERNEL) -append "$(APPEND)" -s -S \
		</dev/null >target/gdb-console.log 2>&1 & qemu=$$!; \
	gdb-multiarch $(KERNEL) -ex "target remote :1234"; \
	kill $$qemu 2>/dev/null || true

# faultbench (tests/user) on this kernel and on Debian's Linux 6.1 in the
# same QEMU, plain TCG and -icount: tables, CSV and SVG charts in
# target/bench/. Linux is measured even if the kernel does not build.
# ARCH=riscv64 measures the riscv64 kernel alone (there is no Linux
# riscv64 peer here) into target/bench/riscv64/, beside s390x's.
# BENCH_ARGS="--boots 1 --no-scaling" for a quick run (see bench/RESULTS.md).
BENCH_OUT_s390x   := target/bench
BENCH_OUT_riscv64 := target/bench/riscv64
BENCH_OUT := $(BENCH_OUT_$(ARCH))
bench: deps
	$(MAKE) --no-print-directory user RELEASE=1
	@mkdir -p $(BENCH_OUT)
	$(CROSS)strip -o $(BENCH_OUT)/faultbench $(KDIR)/$(TARGET)/release/faultbench
	cargo build --release -q -p bench
	@if $(MAKE) --no-print-directory kernel RELEASE=1 SELFTEST=0; then k=$(KDIR)/$(TARGET)/release/kernel; \
	else echo "bench: the kernel did not build; measuring Linux only"; k=none; fi; \
	target/release/faultbench-run --arch $(ARCH) --program $(BENCH_OUT)/faultbench --kernel $$k --out $(BENCH_OUT) $(BENCH_ARGS)

fmt:
	cargo fmt --all

# The kernel and the user programs for each target (the architecture's
# own modules, the task layer and every unsafe block are only seen there),
# then the host crates.
clippy:
	@for a in $(ARCHS); do $(MAKE) --no-print-directory ARCH=$$a clippy-target || exit 1; done
	cargo clippy --all-targets -- -D warnings

clippy-target: user
	@tools/deps.sh $(NEED_RUSTC_WEB) $(ARCH) clippy
	USER_PROGS_DIR=$(abspath $(UDIR)) $(KCLIPPY) -p kernel -p user-progs --target $(TARGET) -- -D warnings

clean:
	cargo clean

FORCE:
