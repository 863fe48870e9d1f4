//! Values `handle_mm_fault` rarely returns, injected (see
//! [`crate::fault_inject`]): information and unknown bits are success,
//! error and control bits are followed. Built with the `fault-injection`
//! feature only.

use alloc::sync::Arc;
use alloc::vec::Vec;

use super::anon_cases::map;
use super::{ctx, ensure, ensure_eq, Case, CaseResult};
use crate::arch::Arch;
use crate::memory::Memory;
use crate::{FaultFlags, FaultOutcome, Mm, VmFault, VmaFlags};

pub(super) fn cases<A: Arch>() -> Vec<Case<A>> {
    alloc::vec![
        (
            "inject_info_and_unknown_bits_are_success",
            inject_info::<A> as fn(&Arc<Memory<A>>) -> CaseResult
        ),
        ("inject_errors_and_control_bits", inject_errors::<A>),
    ]
}

const USER: FaultFlags = FaultFlags::DEFAULT.union(FaultFlags::USER);

fn inject_info<A: Arch>(mem: &Arc<Memory<A>>) -> CaseResult {
    let mm = ctx(Mm::new(mem.clone()), "Mm::new")?;
    let a = map(&mm, 1, VmaFlags::rw())?;
    let info = [
        VmFault::MAJOR,
        VmFault::NOPAGE,
        VmFault::LOCKED,
        VmFault::DONE_COW,
        VmFault::NEEDDSYNC,
        VmFault::from_bits_retain(0x8),
        VmFault::from_bits_retain(0x80),
        VmFault::from_bits_retain(0x8000),
        VmFault::from_bits_retain(0x10_0000),
        VmFault::set_hindex(5),
    ];
    let mut values: Vec<VmFault> = info.to_vec();
    for (i, x) in info.iter().enumerate() {
        for y in &info[i + 1..] {
            values.push(*x | *y);
        }
    }
    for v in values {
        mm.inject_fault(v);
        let out = mm.fault(a, USER | FaultFlags::WRITE, VmaFlags::WRITE, &mut || false);
        ensure_eq!(
            out,
            FaultOutcome::Fault(v),
            "injected value returned unchanged"
        );
        ensure_eq!(mm.vma_readers(), 0, alloc::format!("VMA lock after {v}"));
    }
    // The soft MMU treats them as success and retries the access.
    mm.inject_fault(VmFault::MAJOR | VmFault::from_bits_retain(0x8000));
    ctx(mm.write(a, b"ok"), "write after an injected info value")?;
    ensure_eq!(mm.injector().pending(), 0, "injections left");
    Ok(())
}

fn inject_errors<A: Arch>(mem: &Arc<Memory<A>>) -> CaseResult {
    let mm = ctx(Mm::new(mem.clone()), "Mm::new")?;
    let a = map(&mm, 1, VmaFlags::rw())?;
    let w = USER | FaultFlags::WRITE;
    let fault = |signal: bool| mm.fault(a, w, VmaFlags::WRITE, &mut || signal);
    mm.inject_fault(VmFault::FALLBACK);
    ensure_eq!(
        fault(false),
        FaultOutcome::Fault(VmFault::FALLBACK),
        "FALLBACK"
    );
    // RETRY on the per-VMA path falls back to the mmap lock and succeeds.
    mm.inject_fault(VmFault::RETRY);
    ensure_eq!(
        fault(false),
        FaultOutcome::Fault(VmFault::empty()),
        "RETRY then success"
    );
    // RETRY with a signal pending returns so the signal is delivered.
    mm.inject_fault(VmFault::RETRY);
    ensure_eq!(
        fault(true),
        FaultOutcome::SignalPending,
        "RETRY with a signal"
    );
    // COMPLETED on the mmap path (after a per-VMA RETRY) returns at once.
    mm.inject_fault(VmFault::RETRY);
    mm.inject_fault(VmFault::COMPLETED);
    ensure_eq!(
        fault(false),
        FaultOutcome::Fault(VmFault::COMPLETED),
        "COMPLETED"
    );
    // Two RETRYs on the mmap path: TRIED is set and the loop ends.
    for _ in 0..3 {
        mm.inject_fault(VmFault::RETRY);
    }
    ensure_eq!(
        fault(false),
        FaultOutcome::Fault(VmFault::empty()),
        "RETRY loop"
    );
    let b = map(&mm, 1, VmaFlags::rw())?;
    mm.inject_fault(VmFault::OOM | VmFault::MAJOR);
    let err = mm.write(b, b"x").err();
    ensure!(
        err.is_some_and(|e| e.is_fault(VmFault::OOM)),
        "injected OOM through the soft MMU: {err:?}"
    );
    ensure_eq!(mm.vma_readers(), 0, "VMA readers");
    let c = mm.counters();
    ensure!(c.vma_lock_retry >= 4 && c.retries >= 6, "counters {c}");
    Ok(())
}
