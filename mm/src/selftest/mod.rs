//! Backend-generic self-tests: one source, run on every backend.
//!
//! Each case takes the machine's [`Memory`] and returns `Ok(())` or a
//! message; none panics on failure. The host runs them in
//! `arch/host/tests/selftest.rs`; the kernel runs the same list in QEMU on
//! the s390x backend. The cases that inject fault values (`inject_*`) are
//! built with mm's `fault-injection` feature only.
//!
//! # Running them on a backend
//!
//! A backend provides two things: a value implementing [`Arch`] and a
//! [`FrameAllocator`] (static or shared) with some free frames (a few
//! hundred are plenty). Then:
//!
//! ```text
//! let mem = mm::Memory::new(backend, frames)?;   // allocates the zero page
//! for (name, case) in mm::selftest::cases() {
//!     match case(&mem) { Ok(()) => ok(name), Err(why) => not_ok(name, why) }
//! }
//! ```
//!
//! Every case checks that the frame count (free plus quarantined) is the
//! same after it as before, so it must run while nothing else allocates
//! frames. Two cases drain the allocator on purpose (to provoke OOM) and
//! give every frame back before they return.
//!
//! [`FrameAllocator`]: crate::frame::FrameAllocator

mod anon_cases;
mod arch_cases;
mod driver_cases;
mod file_cases;
#[cfg(feature = "fault-injection")]
mod inject_cases;
mod remap_cases;
mod vma_cases;

use alloc::format;
use alloc::string::String;
use alloc::sync::Arc;
use alloc::vec::Vec;

use crate::arch::Arch;
use crate::frame::PhysFrame;
use crate::memory::Memory;

/// What a case returns: `Err` carries the reason it failed.
pub type CaseResult = Result<(), String>;

/// One self-test: its name and its function.
pub type Case<A> = (&'static str, fn(&Arc<Memory<A>>) -> CaseResult);

/// Every case, in a fixed order.
pub fn cases<A: Arch>() -> Vec<Case<A>> {
    let mut all = Vec::new();
    all.extend(arch_cases::cases::<A>());
    all.extend(anon_cases::cases::<A>());
    all.extend(vma_cases::cases::<A>());
    all.extend(remap_cases::cases::<A>());
    all.extend(file_cases::cases::<A>());
    all.extend(driver_cases::cases::<A>());
    #[cfg(feature = "fault-injection")]
    all.extend(inject_cases::cases::<A>());
    all
}

/// Runs one case with the frame-leak check around it.
pub fn run<A: Arch>(mem: &Arc<Memory<A>>, case: fn(&Arc<Memory<A>>) -> CaseResult) -> CaseResult {
    let frames = mem.frames();
    let before = frames.free_count() + frames.quarantined();
    case(mem)?;
    let after = frames.free_count() + frames.quarantined();
    if after != before {
        return Err(format!(
            "frame leak: {before} frames free or quarantined before, {after} after"
        ));
    }
    Ok(())
}

/// Fails the case with a message unless `cond` holds.
macro_rules! ensure {
    ($cond:expr, $($arg:tt)+) => {
        if !$cond {
            return Err(alloc::format!($($arg)+));
        }
    };
}

/// Fails the case unless `a == b`, showing both.
macro_rules! ensure_eq {
    ($a:expr, $b:expr, $what:expr) => {{
        let (a, b) = (&$a, &$b);
        if a != b {
            return Err(alloc::format!("{}: got {:?}, expected {:?}", $what, a, b));
        }
    }};
}

pub(crate) use {ensure, ensure_eq};

/// Turns any `Debug` error into a case failure with context.
pub(crate) fn ctx<T, E: core::fmt::Debug>(r: Result<T, E>, what: &str) -> Result<T, String> {
    r.map_err(|e| format!("{what}: {e:?}"))
}

/// Takes frames from the allocator until only `keep` are free; gives
/// them back on drop, so a failing case does not leave memory drained.
pub(crate) struct Drain<'a, A: Arch> {
    mem: &'a Memory<A>,
    held: Vec<PhysFrame>,
}

impl<'a, A: Arch> Drain<'a, A> {
    pub(crate) fn leaving(mem: &'a Memory<A>, keep: usize) -> Self {
        let mut held = Vec::new();
        while mem.frames().free_count() > keep {
            match mem.frames().alloc() {
                Ok(f) => held.push(f),
                Err(_) => break,
            }
        }
        Self { mem, held }
    }

    /// Gives back `n` frames.
    pub(crate) fn release(&mut self, n: usize) {
        for _ in 0..n {
            if let Some(f) = self.held.pop() {
                self.mem.frames().put(f);
            }
        }
    }
}

impl<A: Arch> Drop for Drain<'_, A> {
    fn drop(&mut self) {
        let n = self.held.len();
        self.release(n);
    }
}
