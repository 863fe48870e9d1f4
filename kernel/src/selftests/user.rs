//! User mode end to end: the programs in `tests/user` run as tasks, and
//! every fault they take ends where it ends on Linux.

use arch::Arch;
use karch::Arch as _;
use kcore::ktest::{Failure, TestResult};
use kcore::{kassert, kassert_eq, ktest};

use crate::{memory, task, userprogs};

/// Runs an embedded program and returns its wait status, checking that
/// every frame it used came back.
pub(super) fn run(name: &str, argv: &[&str]) -> Result<i32, Failure> {
    let image =
        userprogs::get(name).ok_or_else(|| Failure::Fail(alloc::format!("no program {name}")))?;
    task::memory(); // the shared zero page is allocated once, up front
    let before = memory::frames().free_count();
    let status = task::run(image, argv).map_err(|e| Failure::Fail(alloc::format!("{e:?}")))?;
    let after = memory::frames().free_count();
    if after != before {
        return Err(Failure::Fail(alloc::format!(
            "{name}: {} frames leaked",
            before as i64 - after as i64
        )));
    }
    Ok(status)
}

/// Runs `faults case addr=<addr>` after `setup` prepared its space.
fn run_at(case: &str, addr: u64, setup: impl FnOnce(&task::UserMm)) -> Result<i32, Failure> {
    let image =
        userprogs::get("faults").ok_or_else(|| Failure::Fail("no program faults".into()))?;
    task::memory();
    let before = memory::frames().free_count() + memory::frames().quarantined();
    let arg = alloc::format!("addr={addr:#x}");
    let status = task::run_with(image, &["faults", case, &arg], setup)
        .map_err(|e| Failure::Fail(alloc::format!("{e:?}")))?;
    let after = memory::frames().free_count() + memory::frames().quarantined();
    if after != before {
        return Err(Failure::Fail(alloc::format!(
            "{case}: {} frames leaked",
            before as i64 - after as i64
        )));
    }
    Ok(status)
}

const FILE_AT: u64 = 0x2000_0000;

fn map_file(mm: &task::UserMm, file: alloc::sync::Arc<mm::FileObject<task::Mmu>>, pages: u64) {
    mm.mmap(
        mm::Placement::Fixed(FILE_AT),
        pages * 4096,
        mm::VmaFlags::ro(),
        mm::Backing::Object {
            object: file,
            offset: 0,
        },
    )
    .expect("map the test file");
}

/// The page cache of `/f` in a file system made for the test from an
/// archive holding `data` there: a real file, not a fixture object.
fn real_file(data: &[u8]) -> alloc::sync::Arc<mm::FileObject<task::Mmu>> {
    let archive = kcore::cpio::Writer::new().file("f", 0o644, data).finish();
    let fs = crate::fs::initramfs::unpack(alloc::sync::Arc::new(archive), 1 << 20)
        .expect("unpack the test archive");
    let fs = alloc::sync::Arc::new(fs);
    let ino = fs.child(crate::fs::inode::ROOT, b"f").expect("/f");
    crate::fs::NodeRef::root(&fs)
        .at(ino)
        .page_cache(task::memory())
        .expect("a regular file has a page cache")
}

/// Exit status 0 (wait status 0x0000).
fn exits_ok(case: &str) -> TestResult {
    let status = run("faults", &["faults", case])?;
    kassert_eq!(status, 0);
    Ok(())
}

/// Killed by `sig`.
fn killed_by(case: &str, sig: i32) -> TestResult {
    let status = run("faults", &["faults", case])?;
    kassert_eq!(status & 0x7f, sig);
    Ok(())
}

ktest! {
    suite = "user";

    /// A static ELF runs in problem state with its arguments and exits 0.
    fn hello_runs_and_exits() {
        let status = run("hello", &["hello", "one", "two"])?;
        kassert_eq!(status, 0);
        Ok(())
    }

    /// A C program built as Linux programs are (gcc, hard float, glibc
    /// static) starts, prints and exits 0.
    fn glibc_hello_runs() {
        let status = run("hello_glibc", &["hello_glibc", "one"])?;
        kassert_eq!(status, 0);
        Ok(())
    }

    /// `AT_HWCAP` and `AT_PLATFORM` reach the program through glibc as the
    /// backend computes them (the backend's own suite checks the values
    /// against Linux's).
    fn auxv_hwcap_and_platform() {
        let hwcap = alloc::format!("{:#x}", Arch::hwcap());
        let platform = Arch::platform().unwrap_or("(none)");
        let status = run("auxv", &["auxv", &hwcap, platform])?;
        kassert_eq!(status, 0);
        Ok(())
    }

    /// One task never sees another's registers: a parent's f0, FPC, a0
    /// and vector register survive a child that sets its own and exits,
    /// and the child starts with the parent's (fork copies them).
    fn registers_do_not_leak_between_tasks() {
        let status = run("fp_isolation", &["fp_isolation"])?;
        kassert_eq!(status, 0);
        Ok(())
    }

    /// gcc -O2 code keeps doubles in the call-saved f8-f15 across a fault
    /// fixed by a handler, a signal handler and a task switch.
    fn callee_saved_fp_registers_survive() {
        let status = run("fp_callee", &["fp_callee"])?;
        kassert_eq!(status, 0);
        Ok(())
    }

    /// The signal frame carries the FP state as Linux lays it out (s390x:
    /// the FPC, f0-f15, the access registers and v0-v31; riscv64: f0-f31
    /// and fcsr); a handler's changes to them take effect at sigreturn,
    /// and a frame Linux refuses (s390x: an invalid FPC; riscv64: a
    /// reserved FP word set) kills the task. The program is the
    /// architecture's own (tests/c/ARCH/fp_signal.c).
    fn fp_and_vector_registers_in_signal_frames() {
        let status = run("fp_signal", &["fp_signal"])?;
        kassert_eq!(status, 0);
        Ok(())
    }

    /// Different programs in a row: a reused frame must never run the
    /// previous program's code (the QEMU 7.2 block-store finding).
    fn different_programs_back_to_back() {
        exits_ok("exit_frees")?;
        let status = run("hello", &["hello"])?;
        kassert_eq!(status, 0);
        exits_ok("exit_frees")?;
        Ok(())
    }

    /// The same program twice in a row.
    fn hello_again() {
        let status = run("hello", &["hello"])?;
        kassert_eq!(status, 0);
        Ok(())
    }

    /// Unmapped read: SIGSEGV/SEGV_MAPERR with si_addr = the page.
    fn segv_maperr() {
        exits_ok("segv_maperr")
    }

    /// Write to a read-only VMA: SIGSEGV/SEGV_ACCERR.
    fn segv_accerr() {
        exits_ok("segv_accerr")
    }

    /// A handler that mprotects the page lets the store resume and complete.
    fn mprotect_fix_resumes() {
        exits_ok("mprotect_fix")
    }

    /// Fork: parent and child each see their own writes.
    fn fork_cow() {
        exits_ok("fork_cow")
    }

    /// Executing a page without PROT_EXEC: SIGSEGV/SEGV_ACCERR.
    fn noexec() {
        exits_ok("noexec")
    }

    /// A user access to kernel memory: SIGSEGV.
    fn kernel_memory_is_unreachable() {
        exits_ok("kernel_access")
    }

    /// A task that exits with mappings frees every frame (checked by run).
    fn exit_frees_every_frame() {
        exits_ok("exit_frees")
    }

    /// System-call edge cases return -errno, never oops.
    fn syscall_edge_cases() {
        exits_ok("syscalls")
    }

    /// The stack grows on demand to its limit, then SIGSEGV kills the task.
    fn stack_grows_then_overflows() {
        killed_by("stack_grow", 11)
    }

    /// A corrupt frame handed to rt_sigreturn kills the task with SIGSEGV.
    fn corrupt_sigreturn_frame_kills() {
        killed_by("bad_sigreturn", 11)
    }

    /// A fault that cannot push its signal frame kills the task, never
    /// the kernel.
    fn unwritable_signal_frame_kills() {
        killed_by("bad_stack", 11)
    }

    /// An OOM kill leaves the kernel alive with no frame leaked.
    fn oom_kill_frees_everything() {
        killed_by("oom", 9)
    }

    /// A read past the end of a file mapping: SIGBUS/BUS_ADRERR.
    fn sigbus_past_end_of_file() {
        let status = run_at("sigbus", FILE_AT + 4096 + 8, |mm| {
            // Two pages mapped, the object is one page long.
            let f = mm::FileObject::file(task::memory().clone(), alloc::vec![1u8; 100]);
            map_file(mm, f, 2);
        })?;
        kassert_eq!(status, 0);
        Ok(())
    }

    /// The same on a real file of an unpacked archive.
    fn sigbus_past_end_of_real_file() {
        let status = run_at("sigbus", FILE_AT + 4096 + 8, |mm| {
            map_file(mm, real_file(&[1u8; 100]), 2);
        })?;
        kassert_eq!(status, 0);
        Ok(())
    }

    /// A real file's page poisoned: SIGBUS.
    fn sigbus_on_poisoned_page_of_real_file() {
        let status = run_at("sigbus", FILE_AT + 16, |mm| {
            let f = real_file(&[2u8; 4096]);
            f.poison_page(0).expect("poison");
            map_file(mm, f, 1);
        })?;
        kassert_eq!(status, 0);
        Ok(())
    }

    /// A real file's page held in I/O: RETRY, then the read completes
    /// with the file's bytes.
    fn real_file_page_in_io_retries_then_succeeds() {
        let before = task::exit::mm_totals();
        let status = run_at("read", FILE_AT + 8, |mm| {
            let f = real_file(&[3u8; 4096]);
            f.hold_io(0, mm::IoCompletion::OnWait).expect("hold_io");
            map_file(mm, f, 1);
        })?;
        kassert_eq!(status, 0);
        let after = task::exit::mm_totals();
        kassert!(after.vma_lock_retry > before.vma_lock_retry, "no per-VMA RETRY counted");
        Ok(())
    }

    /// A poisoned page: SIGBUS, and the frame is never reused.
    fn sigbus_on_poisoned_page() {
        let status = run_at("sigbus", FILE_AT + 16, |mm| {
            let f = mm::FileObject::file(task::memory().clone(), alloc::vec![2u8; 4096]);
            f.poison_page(0).expect("poison");
            map_file(mm, f, 1);
        })?;
        kassert_eq!(status, 0);
        Ok(())
    }

    /// A user read of a page another fault is still reading in: the
    /// per-VMA path gets RETRY, the retry succeeds, the program goes on.
    fn page_in_io_retries_then_succeeds() {
        let retries_before = task::exit::mm_totals().vma_lock_retry;
        let status = run_at("read", FILE_AT + 8, |mm| {
            let f = mm::FileObject::file(task::memory().clone(), alloc::vec![3u8; 4096]);
            f.hold_io(0, mm::IoCompletion::OnWait).expect("hold_io");
            map_file(mm, f, 1);
        })?;
        kassert_eq!(status, 0);
        let after = task::exit::mm_totals();
        kassert!(after.vma_lock_retry > retries_before, "no per-VMA RETRY counted");
        Ok(())
    }

    /// After fork, pages are shared until written: the child's writes
    /// cost one frame each, and its exit returns them.
    fn fork_shares_frames_until_written() {
        exits_ok("fork_cow")?;
        let t = task::exit::mm_totals();
        kassert!(t.cow >= 16, "only {} COW copies", t.cow);
        Ok(())
    }

    /// Pipes across fork (a reader and a writer that block), EOF, EPIPE
    /// and SIGPIPE, O_NONBLOCK, Linux's fill counts, fcntl, dup2 onto a
    /// pipe, poll, readv/writev, EINTR and SA_RESTART, bad input: the C
    /// program checks each against what Linux 6.1 does
    /// (tests/c/pipes.linux.out) and exits with its failure count; every
    /// pipe page comes back (`run` counts the frames).
    fn pipes_and_descriptors_as_on_linux() {
        let status = run("pipes", &["pipes"])?;
        kassert_eq!(status, 0);
        Ok(())
    }

    /// The calls of glibc's start-up and of a shell (uname, limits, ids,
    /// process groups, umask, clocks and sleeps, terminal ioctls,
    /// sigaltstack, getrandom, prctl, rseq, sigsuspend), checked by the C
    /// program against Linux 6.1's answers (tests/c/startup.linux.out).
    fn startup_calls_as_on_linux() {
        let status = run("startup", &["startup"])?;
        kassert_eq!(status, 0);
        Ok(())
    }

    /// The kernel's counters saw the faults.
    fn counters_move() {
        let before = task::exit::mm_totals();
        exits_ok("exit_frees")?;
        let after = task::exit::mm_totals();
        kassert!(after.minor >= before.minor + 256, "minor faults {} -> {}", before.minor, after.minor);
        Ok(())
    }
}
