//! Fault scenarios from docs/fault-model.md §5 as a user program sees them.
//! Usage: `faults <case> [addr=0x...]`; exit status 0 means the case
//! behaved as on Linux. Cases that end in the death of the task (stack
//! overflow, OOM, a corrupt sigreturn frame) are judged by the parent: the
//! kernel's self-test, or a shell on Linux.
#![no_std]
#![no_main]
#![deny(unsafe_op_in_unsafe_fn)]
#![deny(clippy::undocumented_unsafe_blocks)]

use core::sync::atomic::{AtomicI32, AtomicU64, Ordering::SeqCst};

use user_progs::sys::{self, Siginfo, Ucontext};
use user_progs::{check, entry, println, Args};

const PAGE: u64 = 4096;

static SIGNO: AtomicI32 = AtomicI32::new(0);
static CODE: AtomicI32 = AtomicI32::new(0);
static ADDR: AtomicU64 = AtomicU64::new(0);
static CALLS: AtomicU64 = AtomicU64::new(0);
/// What the fixing handler makes writable again.
static FIX_PAGE: AtomicU64 = AtomicU64::new(0);

/// Records the signal and exits 0 right away: for faults that cannot be
/// resumed without changing the mapping.
extern "C" fn record_and_exit(sig: i32, info: &Siginfo, _uc: &mut Ucontext) {
    record(sig, info);
    report_and_exit();
}

/// Records the signal and makes FIX_PAGE read-write, so the faulting
/// store is retried and completes.
extern "C" fn record_and_fix(sig: i32, info: &Siginfo, _uc: &mut Ucontext) {
    record(sig, info);
    let p = FIX_PAGE.load(SeqCst);
    check!(
        sys::mprotect(p, PAGE, sys::PROT_READ | sys::PROT_WRITE) == 0,
        "mprotect in handler"
    );
}

/// Corrupts the saved state before returning: the kernel must refuse the
/// frame and kill the task with SIGSEGV. The mask, restored first, blocks
/// SIGSEGV: the SIGSEGV the refusal raises then kills the task, as on
/// Linux, rather than entering this handler again.
extern "C" fn corrupt_frame(sig: i32, info: &Siginfo, uc: &mut Ucontext) {
    record(sig, info);
    corrupt(uc);
    uc.sigmask |= 1 << (sys::SIGSEGV - 1);
}

/// The runtime-instrumentation bit of the saved PSW mask (PSW bit 24),
/// which Linux refuses in a frame of a task that does not use it. (Bits a
/// user may not change, such as problem state, Linux ignores instead.)
#[cfg(target_arch = "s390x")]
fn corrupt(uc: &mut Ucontext) {
    uc.psw_mask |= 1 << 39;
}

/// A reserved word of the floating-point state, which must be zero
/// (riscv64 Linux's restore_fp_state: -EINVAL otherwise). (The saved pc
/// and registers a user may set freely.)
#[cfg(target_arch = "riscv64")]
fn corrupt(uc: &mut Ucontext) {
    uc.reserved[0] = 1;
}

/// The `si_addr` Linux reports for a fault at `addr`: s390x's
/// translation-exception identification names only the page; riscv64's
/// stval holds the address itself.
fn fault_addr(addr: u64) -> u64 {
    if cfg!(target_arch = "s390x") {
        addr & !(PAGE - 1)
    } else {
        addr
    }
}

fn record(sig: i32, info: &Siginfo) {
    SIGNO.store(sig, SeqCst);
    CODE.store(info.code, SeqCst);
    ADDR.store(info.addr, SeqCst);
    CALLS.fetch_add(1, SeqCst);
}

static EXPECT: AtomicU64 = AtomicU64::new(0);
static EXPECT_ADDR: AtomicU64 = AtomicU64::new(0);

/// Checks the recorded signal against EXPECT = signo << 8 | code and
/// EXPECT_ADDR, and exits.
fn report_and_exit() -> ! {
    let e = EXPECT.load(SeqCst);
    let (signo, code, addr) = ((e >> 8) as i32, (e & 0xff) as i32, EXPECT_ADDR.load(SeqCst));
    let (s, c, a) = (SIGNO.load(SeqCst), CODE.load(SeqCst), ADDR.load(SeqCst));
    println!("signal {s} code {c} addr {a:#x}");
    check!(s == signo, "signal {s}, expected {signo}");
    check!(c == code, "si_code {c}, expected {code}");
    check!(a == addr, "si_addr {a:#x}, expected {addr:#x}");
    sys::exit_group(0)
}

/// The fault at `addr` must raise `signo` with `code`.
fn expect(signo: u64, code: i32, addr: u64) {
    EXPECT_ADDR.store(fault_addr(addr), SeqCst);
    EXPECT.store(signo << 8 | code as u64, SeqCst);
}

fn map(len: u64, prot: u64) -> u64 {
    let p = sys::mmap(0, len, prot, sys::MAP_PRIVATE | sys::MAP_ANONYMOUS, -1, 0);
    check!(
        p > 0 && (p as u64).is_multiple_of(PAGE),
        "mmap returned {p}"
    );
    p as u64
}

fn read(addr: u64) -> u64 {
    // SAFETY: the point of these tests: the access may fault.
    unsafe { core::ptr::read_volatile(addr as *const u64) }
}

fn write(addr: u64, v: u64) {
    // SAFETY: as for read.
    unsafe { core::ptr::write_volatile(addr as *mut u64, v) }
}

fn arg_addr(args: &Args) -> u64 {
    for i in 2..args.len() {
        if let Some(v) = args.get(i).and_then(|a| a.strip_prefix(b"addr=0x")) {
            let s = core::str::from_utf8(v).unwrap_or("");
            if let Ok(a) = u64::from_str_radix(s, 16) {
                return a;
            }
        }
    }
    check!(false, "this case needs addr=0x...");
    0
}

/// A read of unmapped memory: SIGSEGV, SEGV_MAPERR, the page address.
fn segv_maperr() -> i32 {
    let p = map(PAGE, sys::PROT_READ | sys::PROT_WRITE);
    check!(sys::munmap(p, PAGE) == 0, "munmap");
    sys::sigaction(sys::SIGSEGV, record_and_exit);
    expect(sys::SIGSEGV, sys::SEGV_MAPERR, p + 0x18);
    read(p + 0x18);
    println!("FAIL: read of unmapped memory returned");
    1
}

/// A write to a read-only mapping: SIGSEGV, SEGV_ACCERR.
fn segv_accerr() -> i32 {
    let p = map(PAGE, sys::PROT_READ);
    check!(read(p) == 0, "fresh anonymous memory reads as zero");
    sys::sigaction(sys::SIGSEGV, record_and_exit);
    expect(sys::SIGSEGV, sys::SEGV_ACCERR, p + 8);
    write(p + 8, 1);
    println!("FAIL: write to PROT_READ memory returned");
    1
}

/// A write after mprotect(PROT_READ), fixed by the handler: resumes and
/// completes.
fn mprotect_fix() -> i32 {
    let p = map(2 * PAGE, sys::PROT_READ | sys::PROT_WRITE);
    write(p + PAGE, 41);
    check!(
        sys::mprotect(p + PAGE, PAGE, sys::PROT_READ) == 0,
        "mprotect"
    );
    FIX_PAGE.store(p + PAGE, SeqCst);
    sys::sigaction(sys::SIGSEGV, record_and_fix);
    write(p + PAGE + 16, 42);
    check!(
        CALLS.load(SeqCst) == 1,
        "handler ran {} times",
        CALLS.load(SeqCst)
    );
    check!(
        SIGNO.load(SeqCst) == 11 && CODE.load(SeqCst) == sys::SEGV_ACCERR,
        "SIGSEGV/ACCERR"
    );
    check!(ADDR.load(SeqCst) == fault_addr(p + PAGE + 16), "si_addr");
    check!(
        read(p + PAGE) == 41 && read(p + PAGE + 16) == 42,
        "store completed after the fix"
    );
    0
}

/// An access at `addr=` (prepared by the parent: past the end of a file
/// mapping, or a poisoned page) raises SIGBUS/BUS_ADRERR.
fn sigbus(args: &Args) -> i32 {
    let a = arg_addr(args);
    sys::sigaction(sys::SIGBUS, record_and_exit);
    expect(sys::SIGBUS, sys::BUS_ADRERR, a);
    read(a);
    println!("FAIL: access at {a:#x} returned");
    1
}

/// A plain read at `addr=` (prepared by the parent), which must succeed:
/// prints the doubleword and exits 0.
fn read_at(args: &Args) -> i32 {
    let a = arg_addr(args);
    println!("{a:#x}: {:#x}", read(a));
    0
}

/// Parent and child each see their own writes after fork.
fn fork_cow() -> i32 {
    let n = 16;
    let p = map(n * PAGE, sys::PROT_READ | sys::PROT_WRITE);
    for i in 0..n {
        write(p + i * PAGE, 100 + i);
    }
    let pid = sys::fork();
    check!(pid >= 0, "fork: {pid}");
    if pid == 0 {
        for i in 0..n {
            check!(
                read(p + i * PAGE) == 100 + i,
                "child sees the parent's data"
            );
            write(p + i * PAGE, 200 + i);
        }
        for i in 0..n {
            check!(read(p + i * PAGE) == 200 + i, "child sees its own writes");
        }
        sys::exit_group(7);
    }
    let mut status = 0;
    check!(sys::wait4(pid, &mut status) == pid, "wait4");
    check!(status == 7 << 8, "child exit status {status:#x}");
    for i in 0..n {
        check!(
            read(p + i * PAGE) == 100 + i,
            "parent keeps its data after the child wrote"
        );
    }
    0
}

/// The stack grows on demand: 4 MiB of recursion works, then runs
/// without bound into the limit and dies of SIGSEGV (judged by the parent).
fn stack_grow() -> i32 {
    fn dive(depth: u64, limit: u64) -> u64 {
        let mut frame = [depth; 64];
        core::hint::black_box(&mut frame);
        if depth == limit {
            return frame[1];
        }
        dive(depth + 1, limit).wrapping_add(frame[2])
    }
    // About 600 bytes a level: 4 MiB needs some 7,000 levels.
    let r = dive(0, 7_000);
    println!("4 MiB of stack ok ({r})");
    println!("now recursing without bound");
    dive(0, u64::MAX);
    1
}

/// Touches anonymous memory until the kernel kills the task (OOM).
fn oom() -> i32 {
    let chunk = 16 << 20;
    loop {
        let p = sys::mmap(
            0,
            chunk,
            sys::PROT_READ | sys::PROT_WRITE,
            sys::MAP_PRIVATE | sys::MAP_ANONYMOUS,
            -1,
            0,
        );
        if p < 0 {
            println!("mmap failed ({p}) before memory ran out");
            return 1;
        }
        let mut a = p as u64;
        while a < p as u64 + chunk {
            write(a, a);
            a += PAGE;
        }
    }
}

/// A return instruction: s390x's `br %r14`.
#[cfg(target_arch = "s390x")]
fn write_return(p: u64) {
    // SAFETY: the caller's own page.
    unsafe { core::ptr::write_volatile(p as *mut u16, 0x07fe) };
}

/// A return instruction: riscv64's `ret` (`jalr x0, 0(ra)`).
#[cfg(target_arch = "riscv64")]
fn write_return(p: u64) {
    // SAFETY: the caller's own page.
    unsafe { core::ptr::write_volatile(p as *mut u32, 0x0000_8067) };
}

/// Executing a page mapped without PROT_EXEC: SIGSEGV, SEGV_ACCERR.
fn noexec() -> i32 {
    let p = map(PAGE, sys::PROT_READ | sys::PROT_WRITE);
    write_return(p);
    sys::sigaction(sys::SIGSEGV, record_and_exit);
    expect(sys::SIGSEGV, sys::SEGV_ACCERR, p);
    // SAFETY: the call faults (no PROT_EXEC); the handler exits.
    let f: extern "C" fn() = unsafe { core::mem::transmute(p as usize) };
    f();
    println!("FAIL: code on a PROT_READ|PROT_WRITE page ran");
    1
}

/// Where the kernel's text is: at 0x10000 in its own space on s390x, at
/// the direct map's 0x8020_0000 in the upper half on riscv64 (Sv39).
#[cfg(target_arch = "s390x")]
const KERNEL_TEXT: u64 = 0x10000;
#[cfg(target_arch = "riscv64")]
const KERNEL_TEXT: u64 = 0xffff_ffc0_8020_0000;

/// A read of a kernel address (user spaces do not map it, or not for
/// user mode): SIGSEGV.
fn kernel_access() -> i32 {
    sys::sigaction(sys::SIGSEGV, record_and_exit);
    expect(sys::SIGSEGV, sys::SEGV_MAPERR, KERNEL_TEXT);
    read(KERNEL_TEXT);
    println!("FAIL: user read of a kernel address returned");
    1
}

/// Maps and touches memory, then exits without unmapping: the parent
/// checks that every frame came back.
fn exit_frees() -> i32 {
    let p = map(256 * PAGE, sys::PROT_READ | sys::PROT_WRITE);
    for i in 0..256 {
        write(p + i * PAGE, i);
    }
    0
}

/// A handler that corrupts its frame: rt_sigreturn must kill the task.
fn bad_sigreturn() -> i32 {
    let p = map(PAGE, sys::PROT_READ);
    sys::sigaction(sys::SIGSEGV, corrupt_frame);
    write(p, 1);
    println!("FAIL: returned through a corrupt signal frame");
    1
}

/// A fault while the stack pointer is garbage: the kernel cannot write
/// the signal frame, so the task dies of SIGSEGV (judged by the parent),
/// and the kernel carries on.
fn bad_stack() -> i32 {
    sys::sigaction(sys::SIGSEGV, record_and_exit);
    // SAFETY: deliberately faults with the stack pointer pointing at
    // nothing; the handler can never run, so control does not come back.
    #[cfg(target_arch = "s390x")]
    unsafe {
        core::arch::asm!(
            "lghi %r15, 0x100",
            "lghi %r1, 0",
            "mvhi 0(%r1), 1",
            options(noreturn)
        );
    }
    // SAFETY: as above: sp at 0x100, then a store to address 0.
    #[cfg(target_arch = "riscv64")]
    unsafe {
        core::arch::asm!(
            "li sp, 0x100",
            "li t0, 1",
            "sd t0, 0(zero)",
            options(noreturn)
        );
    }
}

/// System-call edge cases: bad pointers, unknown numbers, bad signals.
fn syscalls() -> i32 {
    const EFAULT: i64 = -14;
    const EINVAL: i64 = -22;
    const ENOSYS: i64 = -38;
    check!(sys::getpid() > 0, "getpid");
    check!(sys::getppid() >= 0, "getppid");
    // SAFETY: the slice is never read here: only the kernel reads it, and
    // answers -EFAULT (the point of the check).
    let bad = unsafe { core::slice::from_raw_parts(0x10 as *const u8, 8) };
    check!(
        sys::write(1, bad) == EFAULT,
        "write from a bad pointer is -EFAULT"
    );
    check!(
        sys::syscall(9999, [0; 6]) == ENOSYS,
        "unknown syscall is -ENOSYS"
    );
    check!(
        sys::kill(sys::getpid(), 99) == EINVAL,
        "kill with signal 99 is -EINVAL"
    );
    check!(
        sys::mmap(
            1,
            PAGE,
            sys::PROT_READ,
            sys::MAP_PRIVATE | sys::MAP_ANONYMOUS | sys::MAP_FIXED,
            -1,
            0
        ) == EINVAL,
        "unaligned MAP_FIXED is -EINVAL"
    );
    check!(
        sys::munmap(0x1001, PAGE) == EINVAL,
        "unaligned munmap is -EINVAL"
    );
    check!(
        sys::mprotect(0, u64::MAX, sys::PROT_READ) < 0,
        "huge mprotect fails"
    );
    let t0 = sys::clock_gettime(1);
    let t1 = sys::clock_gettime(1);
    check!(
        t1.sec > t0.sec || (t1.sec == t0.sec && t1.nsec >= t0.nsec),
        "monotonic clock"
    );
    0
}

fn main(args: Args) -> i32 {
    let case = args.get(1).unwrap_or(b"");
    match case {
        b"segv_maperr" => segv_maperr(),
        b"segv_accerr" => segv_accerr(),
        b"mprotect_fix" => mprotect_fix(),
        b"sigbus" => sigbus(&args),
        b"read" => read_at(&args),
        b"fork_cow" => fork_cow(),
        b"stack_grow" => stack_grow(),
        b"oom" => oom(),
        b"noexec" => noexec(),
        b"kernel_access" => kernel_access(),
        b"exit_frees" => exit_frees(),
        b"bad_sigreturn" => bad_sigreturn(),
        b"bad_stack" => bad_stack(),
        b"syscalls" => syscalls(),
        other => {
            println!(
                "unknown case '{}'",
                core::str::from_utf8(other).unwrap_or("?")
            );
            2
        }
    }
}

entry!(main);
