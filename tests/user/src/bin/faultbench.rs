//! Fault-path micro-benchmark (issue 7). Runs unchanged as a task on this
//! kernel and as `/init` on Linux.
//!
//! Over an anonymous region (64 MiB = 16,384 pages unless `size=` says
//! otherwise), optionally split into `vmas=` VMAs, it measures the cost of
//! one event with CLOCK_MONOTONIC:
//!
//! - `write_dz`: a store to a never-touched page (demand-zero write fault);
//! - `read_zp`:  a load from a never-touched page (zero-page read fault);
//! - `wp_zero`:  a store to a page that was only read (zero page replaced);
//! - `cow`:      a store in a forked child to a page the parent populated;
//! - `sig_fix`:  a store to a `PROT_READ` page, SIGSEGV, a handler that
//!   `mprotect`s the page read-write, the kernel's return path, and the
//!   store completing;
//! - `syscall`:  a `getppid` round trip.
//!
//! Each figure is the total time of a loop over every page (or call)
//! divided by the count, so it includes a few instructions of loop
//! overhead; `touch_ns` (a store to an already-mapped page) shows how many.
//! Under `qemu -icount shift=0,sleep=off` one guest instruction is 1 ns, so
//! every `*_ns` value is also "guest instructions per event".
//!
//! Output: `key=value` lines between `faultbench=begin` and `faultbench=end`.
//! Arguments: `size=64M` (K/M/G suffixes), `vmas=1`, `calls=100000`.
//! The exit status is 0 on success. As pid 1 (Linux `/init`) it runs the
//! benchmark in a forked child and then powers the machine off (init may
//! not exit; on failure it exits anyway, which makes Linux panic and QEMU
//! exit non-zero under `-action panic=exit-failure`).
#![no_std]
#![no_main]
#![deny(unsafe_op_in_unsafe_fn)]
#![deny(clippy::undocumented_unsafe_blocks)]

use core::ptr::{read_volatile, write_volatile};
use core::sync::atomic::{AtomicU64, Ordering};
use user_progs::sys::{self, Siginfo, Ucontext};
use user_progs::{entry, println, Args};

const PAGE: u64 = 4096;
const CLOCK_MONOTONIC: u64 = 1;
/// Pages in each event's warm-up pass.
const WARM_PAGES: u64 = 64;

// reboot(2)'s arguments.
const REBOOT_MAGIC1: u64 = 0xfee1_dead;
const REBOOT_MAGIC2: u64 = 672_274_793;
const REBOOT_CMD_POWER_OFF: u64 = 0x4321_fedc;

/// What the benchmark was asked to do.
#[derive(Clone, Copy)]
struct Config {
    pages: u64,
    vmas: u64,
    calls: u64,
}

/// An anonymous region of `pages` pages in `vmas` read-write chunks, each
/// chunk followed by one `PROT_NONE` guard page so that neighbours cannot
/// merge into one VMA.
#[derive(Clone, Copy)]
struct Region {
    base: u64,
    pages: u64,
    vmas: u64,
}

impl Region {
    fn map(pages: u64, vmas: u64) -> Result<Region, i64> {
        let len = (pages + vmas - 1) * PAGE;
        let base = sys::mmap(
            0,
            len,
            sys::PROT_READ | sys::PROT_WRITE,
            sys::MAP_PRIVATE | sys::MAP_ANONYMOUS,
            -1,
            0,
        );
        if base < 0 {
            return Err(base);
        }
        let r = Region {
            base: base as u64,
            pages,
            vmas,
        };
        for c in 0..vmas - 1 {
            let (_, end) = r.chunk(c);
            let rc = sys::mprotect(end, PAGE, 0);
            if rc < 0 {
                r.unmap();
                return Err(rc);
            }
        }
        Ok(r)
    }

    /// Start address and end address of chunk `c`.
    fn chunk(&self, c: u64) -> (u64, u64) {
        let first = c * self.pages / self.vmas;
        let next = (c + 1) * self.pages / self.vmas;
        // Chunk c is preceded by c guard pages.
        let start = self.base + (first + c) * PAGE;
        (start, start + (next - first) * PAGE)
    }

    /// Calls `f` with the address of every page, chunk by chunk.
    #[inline(always)]
    fn each_page(&self, mut f: impl FnMut(u64)) {
        for c in 0..self.vmas {
            let (mut a, end) = self.chunk(c);
            while a < end {
                f(a);
                a += PAGE;
            }
        }
    }

    fn protect(&self, prot: u64) -> Result<(), i64> {
        for c in 0..self.vmas {
            let (start, end) = self.chunk(c);
            let rc = sys::mprotect(start, end - start, prot);
            if rc < 0 {
                return Err(rc);
            }
        }
        Ok(())
    }

    fn unmap(&self) {
        sys::munmap(self.base, (self.pages + self.vmas - 1) * PAGE);
    }
}

fn now_ns() -> u64 {
    let t = sys::clock_gettime(CLOCK_MONOTONIC);
    (t.sec as u64) * 1_000_000_000 + t.nsec as u64
}

/// Prints `key_ns=total/count` with one decimal.
fn report(key: &str, total_ns: u64, count: u64) {
    let tenths = (total_ns * 10 + count / 2) / count.max(1);
    println!("{key}_ns={}.{}", tenths / 10, tenths % 10);
}

/// Stores the page's own address into it.
#[inline(always)]
fn store(a: u64) {
    store_val(a, a)
}

#[inline(always)]
fn store_val(a: u64, v: u64) {
    // SAFETY: `a` is a page of a region this program mapped writable (or
    // made read-only on purpose for sig_fix, where the handler fixes it).
    unsafe { write_volatile(a as *mut u64, v) }
}

#[inline(always)]
fn load(a: u64) -> u64 {
    // SAFETY: `a` is a page of a region this program mapped readable.
    unsafe { read_volatile(a as *const u64) }
}

/// Times `f(page)` over every page of `r`; returns the total in ns.
#[inline(always)]
fn timed(r: &Region, f: impl FnMut(u64)) -> u64 {
    let t0 = now_ns();
    r.each_page(f);
    now_ns() - t0
}

// sig_fix state: the handler's invocation count and the last page fixed.
static SIG_COUNT: AtomicU64 = AtomicU64::new(0);
static SIG_LAST: AtomicU64 = AtomicU64::new(u64::MAX);

extern "C" fn fix_handler(signo: i32, info: &Siginfo, _uc: &mut Ucontext) {
    let page = info.addr & !(PAGE - 1);
    if signo != sys::SIGSEGV as i32 || info.code != sys::SEGV_ACCERR {
        println!(
            "error=sig_fix: unexpected signal {signo} code {} at {:#x}",
            info.code, info.addr
        );
        sys::exit_group(3);
    }
    // The same page twice in a row means the fix did not take: stop
    // rather than loop forever.
    if SIG_LAST.swap(page, Ordering::Relaxed) == page {
        println!("error=sig_fix: second fault at {page:#x} after mprotect");
        sys::exit_group(3);
    }
    let rc = sys::mprotect(page, PAGE, sys::PROT_READ | sys::PROT_WRITE);
    if rc < 0 {
        println!("error=sig_fix: mprotect({page:#x}) = {rc}");
        sys::exit_group(3);
    }
    SIG_COUNT.fetch_add(1, Ordering::Relaxed);
}

/// Fails the benchmark with a message.
fn fail(what: &str, rc: i64) -> i32 {
    println!("error={what}: {rc}");
    2
}

/// Runs every event over `pages` pages; prints results only if `print`.
fn run(cfg: Config, pages: u64, vmas: u64, print: bool) -> Result<(), i32> {
    let map = |what| Region::map(pages, vmas).map_err(|rc| fail(what, rc));

    // write_dz, then touch (already mapped), then cow on the same pages.
    let a = map("mmap write_dz")?;
    let t = timed(&a, store);
    if print {
        report("write_dz", t, pages);
    }
    let t = timed(&a, store);
    if print {
        report("touch", t, pages);
    }
    cow(&a, print)?;
    a.unmap();

    // read_zp, then wp_zero on the same pages.
    let b = map("mmap read_zp")?;
    let mut sum = 0u64;
    let t = timed(&b, |p| sum = sum.wrapping_add(load(p)));
    if sum != 0 {
        println!("error=read_zp: a fresh page was not zero");
        return Err(4);
    }
    if print {
        report("read_zp", t, pages);
    }
    let t = timed(&b, store);
    if print {
        report("wp_zero", t, pages);
    }
    b.unmap();

    // sig_fix: populated pages made read-only; the handler opens each one.
    let c = map("mmap sig_fix")?;
    c.each_page(store);
    c.protect(sys::PROT_READ)
        .map_err(|rc| fail("mprotect sig_fix", rc))?;
    SIG_COUNT.store(0, Ordering::Relaxed);
    SIG_LAST.store(u64::MAX, Ordering::Relaxed);
    let t = timed(&c, store);
    let n = SIG_COUNT.load(Ordering::Relaxed);
    if n != pages {
        println!("error=sig_fix: {n} signals for {pages} pages");
        return Err(3);
    }
    c.each_page(|p| {
        if load(p) != p {
            println!("error=sig_fix: store to {p:#x} lost");
            sys::exit_group(3);
        }
    });
    if print {
        report("sig_fix", t, pages);
    }
    c.unmap();

    // syscall: getppid round trips.
    let calls = if print {
        cfg.calls
    } else {
        cfg.calls / 100 + 1
    };
    let t0 = now_ns();
    for _ in 0..calls {
        sys::getppid();
    }
    let t = now_ns() - t0;
    if print {
        report("syscall", t, calls);
    }
    Ok(())
}

/// Forks; the child stores to every page of `r` (populated by the parent)
/// and prints `cow_ns` itself; the parent waits and checks its status.
fn cow(r: &Region, print: bool) -> Result<(), i32> {
    let pid = sys::fork();
    if pid < 0 {
        return Err(fail("fork", pid));
    }
    if pid == 0 {
        let t = timed(r, |p| store_val(p, !p));
        let mut bad = 0u64;
        r.each_page(|p| bad += (load(p) != !p) as u64);
        if bad != 0 {
            println!("error=cow: {bad} pages lost the child's store");
            sys::exit_group(5);
        }
        if print {
            report("cow", t, r.pages);
        }
        sys::exit_group(0);
    }
    let mut status = 0i32;
    let rc = sys::wait4(pid, &mut status);
    if rc != pid {
        return Err(fail("wait4", rc));
    }
    if status != 0 {
        println!("error=cow: child wait status {status:#x}");
        return Err(5);
    }
    // The parent's pages must be untouched by the child's stores.
    let mut bad = 0u64;
    r.each_page(|p| bad += (load(p) != p) as u64);
    if bad != 0 {
        println!("error=cow: the child's stores reached {bad} parent pages");
        return Err(5);
    }
    Ok(())
}

/// Parses `64M`, `4096K`, `1G` or a plain byte count.
fn parse_size(v: &[u8]) -> Option<u64> {
    let (digits, mult) = match v.last()? {
        b'K' | b'k' => (&v[..v.len() - 1], 1u64 << 10),
        b'M' | b'm' => (&v[..v.len() - 1], 1 << 20),
        b'G' | b'g' => (&v[..v.len() - 1], 1 << 30),
        _ => (v, 1),
    };
    parse_u64(digits)?.checked_mul(mult)
}

fn parse_u64(v: &[u8]) -> Option<u64> {
    if v.is_empty() {
        return None;
    }
    v.iter().try_fold(0u64, |n, &d| {
        if d.is_ascii_digit() {
            n.checked_mul(10)?.checked_add((d - b'0') as u64)
        } else {
            None
        }
    })
}

fn parse(args: &Args) -> Result<Config, &'static [u8]> {
    let mut cfg = Config {
        pages: (64 << 20) / PAGE,
        vmas: 1,
        calls: 100_000,
    };
    for i in 1..args.len() {
        let a = args.get(i).unwrap_or(b"");
        let bad = || a;
        if let Some(v) = a.strip_prefix(b"size=") {
            cfg.pages = parse_size(v).ok_or_else(bad)? / PAGE;
        } else if let Some(v) = a.strip_prefix(b"vmas=") {
            cfg.vmas = parse_u64(v).ok_or_else(bad)?;
        } else if let Some(v) = a.strip_prefix(b"calls=") {
            cfg.calls = parse_u64(v).ok_or_else(bad)?;
        } else {
            return Err(a);
        }
    }
    if cfg.pages == 0 || cfg.vmas == 0 || cfg.vmas > cfg.pages || cfg.calls == 0 {
        return Err(b"size/vmas/calls: need 1 <= vmas <= pages and calls >= 1");
    }
    Ok(cfg)
}

fn bench(args: &Args) -> i32 {
    let cfg = match parse(args) {
        Ok(c) => c,
        Err(a) => {
            println!(
                "error=bad argument {:?} (size=64M vmas=1 calls=100000)",
                core::str::from_utf8(a).unwrap_or("<not utf-8>")
            );
            return 2;
        }
    };
    println!("pid={}", sys::getpid());
    println!("pages={}", cfg.pages);
    println!("vmas={}", cfg.vmas);
    println!("calls={}", cfg.calls);
    let rc = sys::sigaction(sys::SIGSEGV, fix_handler);
    if rc < 0 {
        return fail("rt_sigaction", rc);
    }
    // Warm up: code, stack, the kernel's paths and caches, then measure.
    let warm = cfg.pages.min(WARM_PAGES);
    let t0 = now_ns();
    if let Err(code) = run(cfg, warm, 1, false) {
        return code;
    }
    if let Err(code) = run(cfg, cfg.pages, cfg.vmas, true) {
        return code;
    }
    println!("total_ns={}", now_ns() - t0);
    println!("faultbench=end");
    0
}

/// Runs the benchmark in a child and returns its exit status, or a
/// failure code if it was killed.
fn bench_in_child(args: &Args) -> i32 {
    let pid = sys::fork();
    if pid < 0 {
        return fail("fork", pid);
    }
    if pid == 0 {
        sys::exit_group(bench(args));
    }
    let mut status = 0i32;
    let rc = sys::wait4(pid, &mut status);
    if rc != pid {
        return fail("wait4", rc);
    }
    if status & 0x7f != 0 {
        println!("error=benchmark killed by signal {}", status & 0x7f);
        return 6;
    }
    (status >> 8) & 0xff
}

fn main(args: Args) -> i32 {
    // First, so that boot time is measured to (nearly) the first user
    // instruction: the console line's arrival and the guest clock.
    let start = now_ns();
    println!("faultbench=begin");
    println!("uptime_at_start_ns={start}");
    if sys::getpid() != 1 {
        return bench(&args);
    }
    // As pid 1, run the benchmark in a child: Linux treats init specially
    // (it logs every fault signal init takes, which would be timed in
    // sig_fix), and init must not exit, so it powers off at the end.
    let code = bench_in_child(&args);
    if code == 0 {
        // A kernel without reboot(2) returns an error; then just exit.
        let rc = sys::syscall(
            sys::nr::REBOOT,
            [REBOOT_MAGIC1, REBOOT_MAGIC2, REBOOT_CMD_POWER_OFF, 0, 0, 0],
        );
        println!("reboot_error={rc}");
    }
    code
}

entry!(main);
