//! Property test: random sequences of mmap, munmap, mprotect, fork, exit,
//! reads and writes on the host backend, checked step by step against a
//! simple reference model of what each page holds.
//!
//! Model of a page: unmapped, or mapped with an access (none, read-only,
//! read-write) and contents: private data (zero until written) or a shared
//! cell (shared mappings, shared across fork). Every access must give the
//! same outcome class as the model (success, SEGV_MAPERR, SEGV_ACCERR),
//! every read the same byte, and after the last space exits the free-frame
//! count must be back where it started.

use std::collections::HashMap;

use mm::{AccessError, AccessFault, Backing, Mm, MmError, Placement, VmaFlags, PAGE_SIZE};
use proptest::prelude::*;

const PAGES: u64 = 6;
const BASE: u64 = 0x2000_0000;
const MAX_PROCS: usize = 3;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Prot {
    None,
    Read,
    ReadWrite,
}

impl Prot {
    fn flags(self) -> VmaFlags {
        match self {
            Prot::None => VmaFlags::empty(),
            Prot::Read => VmaFlags::READ,
            Prot::ReadWrite => VmaFlags::READ | VmaFlags::WRITE,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Data {
    Private(u8),
    Shared(usize),
}

#[derive(Clone, Copy, Debug)]
struct Page {
    prot: Prot,
    data: Data,
}

#[derive(Clone, Debug)]
enum Op {
    Mmap {
        p: usize,
        first: u64,
        n: u64,
        prot: Prot,
        shared: bool,
    },
    Munmap {
        p: usize,
        first: u64,
        n: u64,
    },
    Mprotect {
        p: usize,
        first: u64,
        n: u64,
        prot: Prot,
    },
    Fork {
        p: usize,
    },
    Exit {
        p: usize,
    },
    Read {
        p: usize,
        page: u64,
    },
    Write {
        p: usize,
        page: u64,
        value: u8,
    },
}

fn prot() -> impl Strategy<Value = Prot> {
    prop_oneof![Just(Prot::None), Just(Prot::Read), Just(Prot::ReadWrite)]
}

fn op() -> impl Strategy<Value = Op> {
    let p = 0..MAX_PROCS;
    let range = (0..PAGES).prop_flat_map(|first| (Just(first), 1..=PAGES - first));
    prop_oneof![
        2 => (p.clone(), range.clone(), prot(), any::<bool>())
            .prop_map(|(p, (first, n), prot, shared)| Op::Mmap { p, first, n, prot, shared }),
        1 => (p.clone(), range.clone()).prop_map(|(p, (first, n))| Op::Munmap { p, first, n }),
        2 => (p.clone(), range, prot())
            .prop_map(|(p, (first, n), prot)| Op::Mprotect { p, first, n, prot }),
        2 => p.clone().prop_map(|p| Op::Fork { p }),
        1 => p.clone().prop_map(|p| Op::Exit { p }),
        4 => (p.clone(), 0..PAGES).prop_map(|(p, page)| Op::Read { p, page }),
        4 => (p, 0..PAGES, any::<u8>()).prop_map(|(p, page, value)| Op::Write { p, page, value }),
    ]
}

#[derive(Debug, PartialEq, Eq)]
enum Class {
    Ok,
    MapErr,
    AccErr,
}

fn class(r: &Result<(), AccessFault>) -> Class {
    match r {
        Ok(()) => Class::Ok,
        Err(e) if e.is_access(AccessError::NoVma) => Class::MapErr,
        Err(e) if e.is_access(AccessError::BadAccess) => Class::AccErr,
        Err(e) => panic!("unexpected fault outcome {e}"),
    }
}

fn addr(page: u64) -> u64 {
    // A different byte of each page, so offsets within a page matter too.
    BASE + page * PAGE_SIZE + (page * 331) % PAGE_SIZE
}

struct Model {
    procs: Vec<HashMap<u64, Page>>,
    cells: Vec<u8>,
}

fn run(ops: Vec<Op>) {
    let (mem, frames) = arch_host::machine(1024);
    let start = frames.free_count();
    let mut real: Vec<Mm<arch_host::HostArch>> = vec![Mm::new(mem.clone()).unwrap()];
    let mut model = Model {
        procs: vec![HashMap::new()],
        cells: Vec::new(),
    };
    for op in ops {
        let n_procs = real.len();
        match op {
            Op::Mmap {
                p,
                first,
                n,
                prot,
                shared,
            } => {
                let p = p % n_procs;
                let mut flags = prot.flags() | VmaFlags::MAY;
                if shared {
                    flags |= VmaFlags::SHARED;
                }
                let at = BASE + first * PAGE_SIZE;
                let got = real[p].mmap(Placement::Fixed(at), n * PAGE_SIZE, flags, Backing::Anon);
                assert_eq!(got, Ok(at));
                for page in first..first + n {
                    let data = if shared {
                        model.cells.push(0);
                        Data::Shared(model.cells.len() - 1)
                    } else {
                        Data::Private(0)
                    };
                    model.procs[p].insert(page, Page { prot, data });
                }
            }
            Op::Munmap { p, first, n } => {
                let p = p % n_procs;
                assert_eq!(
                    real[p].munmap(BASE + first * PAGE_SIZE, n * PAGE_SIZE),
                    Ok(())
                );
                for page in first..first + n {
                    model.procs[p].remove(&page);
                }
            }
            Op::Mprotect { p, first, n, prot } => {
                let p = p % n_procs;
                let got = real[p].mprotect(BASE + first * PAGE_SIZE, n * PAGE_SIZE, prot.flags());
                let mapped = (first..first + n).all(|pg| model.procs[p].contains_key(&pg));
                if mapped {
                    assert_eq!(got, Ok(()));
                    for page in first..first + n {
                        model.procs[p].get_mut(&page).unwrap().prot = prot;
                    }
                } else {
                    assert_eq!(got, Err(MmError::NotMapped));
                    // As on Linux, the pages before the first hole have
                    // changed.
                    for page in first..first + n {
                        match model.procs[p].get_mut(&page) {
                            Some(m) => m.prot = prot,
                            None => break,
                        }
                    }
                }
            }
            Op::Fork { p } => {
                if n_procs < MAX_PROCS {
                    let p = p % n_procs;
                    let child = real[p].fork().unwrap();
                    real.push(child);
                    let copy = model.procs[p].clone();
                    model.procs.push(copy);
                }
            }
            Op::Exit { p } => {
                if n_procs > 1 {
                    let p = p % n_procs;
                    drop(real.remove(p));
                    model.procs.remove(p);
                }
            }
            Op::Read { p, page } => {
                let p = p % n_procs;
                let mut b = [0u8; 1];
                let got = real[p].read(addr(page), &mut b);
                let want = match model.procs[p].get(&page) {
                    None => Class::MapErr,
                    Some(pg) if pg.prot == Prot::None => Class::AccErr,
                    Some(_) => Class::Ok,
                };
                assert_eq!(class(&got), want, "read page {page} in space {p}");
                if let Some(pg) = model.procs[p].get(&page).filter(|_| want == Class::Ok) {
                    let v = match pg.data {
                        Data::Private(v) => v,
                        Data::Shared(c) => model.cells[c],
                    };
                    assert_eq!(b[0], v, "contents of page {page} in space {p}");
                }
            }
            Op::Write { p, page, value } => {
                let p = p % n_procs;
                let got = real[p].write(addr(page), &[value]);
                let want = match model.procs[p].get(&page) {
                    None => Class::MapErr,
                    Some(pg) if pg.prot != Prot::ReadWrite => Class::AccErr,
                    Some(_) => Class::Ok,
                };
                assert_eq!(class(&got), want, "write page {page} in space {p}");
                if want == Class::Ok {
                    let pg = model.procs[p].get_mut(&page).unwrap();
                    match pg.data {
                        Data::Private(_) => pg.data = Data::Private(value),
                        Data::Shared(c) => model.cells[c] = value,
                    }
                }
            }
        }
        for mm in &real {
            assert_eq!(mm.vma_readers(), 0, "a VMA lock leaked");
        }
    }
    drop(real);
    assert_eq!(
        frames.free_count(),
        start,
        "frames leaked after every space exited"
    );
    assert_eq!(frames.quarantined(), 0);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn random_sequences_match_the_reference_model(
        first in (0..PAGES, prot(), any::<bool>()),
        ops in prop::collection::vec(op(), 1..60),
    ) {
        // Start with something mapped, so short sequences test more.
        let (page, prot, shared) = first;
        let mut all = vec![Op::Mmap { p: 0, first: 0, n: PAGES, prot: Prot::ReadWrite, shared: false }];
        all.push(Op::Mprotect { p: 0, first: page, n: 1, prot });
        all.push(Op::Mmap { p: 0, first: page, n: 1, prot, shared });
        all.extend(ops);
        run(all);
    }
}

#[test]
fn the_model_catches_a_fork_that_forgot_copy_on_write() {
    // A fixed sequence that exercises COW after fork in both directions.
    run(vec![
        Op::Mmap {
            p: 0,
            first: 0,
            n: 2,
            prot: Prot::ReadWrite,
            shared: false,
        },
        Op::Write {
            p: 0,
            page: 0,
            value: 1,
        },
        Op::Fork { p: 0 },
        Op::Write {
            p: 1,
            page: 0,
            value: 2,
        },
        Op::Read { p: 0, page: 0 },
        Op::Write {
            p: 0,
            page: 0,
            value: 3,
        },
        Op::Read { p: 1, page: 0 },
        Op::Mmap {
            p: 1,
            first: 1,
            n: 1,
            prot: Prot::ReadWrite,
            shared: true,
        },
        Op::Fork { p: 1 },
        Op::Write {
            p: 2,
            page: 1,
            value: 9,
        },
        Op::Read { p: 1, page: 1 },
        Op::Exit { p: 1 },
        Op::Read { p: 1, page: 1 },
    ]);
}
