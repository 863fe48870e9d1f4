//! The numbers of Linux's riscv64 user ABI, in one place for both sides of
//! it: the kernel's system-call table and the user programs (which must
//! stay runnable on Linux, so they depend on nothing else of this kernel).
//! Values are Linux's: the asm-generic system-call table
//! (include/uapi/asm-generic/unistd.h, which riscv64's asm/unistd.h
//! includes with `__ARCH_WANT_NEW_STAT`, `__ARCH_WANT_SET_GET_RLIMIT` and
//! `__ARCH_WANT_SYS_CLONE3`), asm-generic's `struct stat` and `struct
//! sigaction`.
//!
//! What every architecture shares (errno, signal numbers, si_codes, mmap
//! flags, wait status, `siginfo_t`, auxv tags) is defined once in the
//! `linux-abi` crate and re-exported here. The item names are those of
//! `s390x-linux-abi`, so that the generic kernel compiles unchanged
//! against either crate.
#![cfg_attr(not(test), no_std)]
#![warn(missing_docs)]

pub use linux_abi::{auxv, errno, fcntl, fs, mman, wait, Siginfo};

/// System-call numbers (riscv64: the asm-generic table).
///
/// The generic kernel names some calls riscv64 does not have, because an
/// older architecture does (`open`, `fork`, `stat`, `sigreturn`, ...): the
/// asm-generic table leaves them out, and C libraries use the newer call
/// (`openat`, `clone`, `newfstatat`, `rt_sigreturn`). Those names exist
/// here too, so that the kernel's dispatch compiles, but their values can
/// never be what a program asks for: they are a block of distinct numbers
/// from [`NOT_ON_RISCV64`] (2^63), far above any Linux number (the
/// asm-generic table ends below 500, and the historical 1024-1079 block of
/// "deprecated" calls riscv64 never had is far below too), and
/// [`from_register`] folds a program's `a7` that falls into the block to
/// [`NO_SUCH_CALL`], which matches nothing. A program that asks for
/// `fork` by some number thus gets `ENOSYS`, as on Linux.
pub mod nr {
    /// The first of the numbers given to calls riscv64 does not have.
    pub const NOT_ON_RISCV64: u64 = 1 << 63;

    /// What [`from_register`] makes of a number in the block of calls
    /// riscv64 does not have: no call has it (all ones, outside the block).
    pub const NO_SUCH_CALL: u64 = u64::MAX;

    /// The number the kernel dispatches on for a program's `a7`: `a7`
    /// itself, or [`NO_SUCH_CALL`] when it falls into the block of
    /// numbers that stand for calls riscv64 does not have.
    pub const fn from_register(a7: u64) -> u64 {
        if a7 >= NOT_ON_RISCV64 && a7 - NOT_ON_RISCV64 < ABSENT_COUNT {
            NO_SUCH_CALL
        } else {
            a7
        }
    }

    /// How many calls have a number in the block from [`NOT_ON_RISCV64`].
    const ABSENT_COUNT: u64 = 15;

    /// `getcwd`.
    pub const GETCWD: u64 = 17;
    /// `dup`.
    pub const DUP: u64 = 23;
    /// `dup3`.
    pub const DUP3: u64 = 24;
    /// `fcntl` (`__NR3264_fcntl` on a 64-bit kernel).
    pub const FCNTL: u64 = 25;
    /// `ioctl`.
    pub const IOCTL: u64 = 29;
    /// `faccessat`.
    pub const FACCESSAT: u64 = 48;
    /// `chdir`.
    pub const CHDIR: u64 = 49;
    /// `fchdir`.
    pub const FCHDIR: u64 = 50;
    /// `openat`.
    pub const OPENAT: u64 = 56;
    /// `close`.
    pub const CLOSE: u64 = 57;
    /// `pipe2`.
    pub const PIPE2: u64 = 59;
    /// `getdents64`.
    pub const GETDENTS64: u64 = 61;
    /// `lseek` (`__NR3264_lseek` on a 64-bit kernel).
    pub const LSEEK: u64 = 62;
    /// `read`.
    pub const READ: u64 = 63;
    /// `write`.
    pub const WRITE: u64 = 64;
    /// `readv`.
    pub const READV: u64 = 65;
    /// `writev`.
    pub const WRITEV: u64 = 66;
    /// `pread64`.
    pub const PREAD64: u64 = 67;
    /// `pwrite64`.
    pub const PWRITE64: u64 = 68;
    /// `ppoll`.
    pub const PPOLL: u64 = 73;
    /// `readlinkat`.
    pub const READLINKAT: u64 = 78;
    /// `newfstatat` (with `__ARCH_WANT_NEW_STAT`).
    pub const NEWFSTATAT: u64 = 79;
    /// `fstat` (`newfstat`, with `__ARCH_WANT_NEW_STAT`).
    pub const FSTAT: u64 = 80;
    /// `exit`.
    pub const EXIT: u64 = 93;
    /// `exit_group`.
    pub const EXIT_GROUP: u64 = 94;
    /// `waitid`.
    pub const WAITID: u64 = 95;
    /// `set_tid_address`.
    pub const SET_TID_ADDRESS: u64 = 96;
    /// `futex`.
    pub const FUTEX: u64 = 98;
    /// `set_robust_list`.
    pub const SET_ROBUST_LIST: u64 = 99;
    /// `nanosleep`.
    pub const NANOSLEEP: u64 = 101;
    /// `clock_gettime`.
    pub const CLOCK_GETTIME: u64 = 113;
    /// `clock_getres`.
    pub const CLOCK_GETRES: u64 = 114;
    /// `clock_nanosleep`.
    pub const CLOCK_NANOSLEEP: u64 = 115;
    /// `sched_yield`.
    pub const SCHED_YIELD: u64 = 124;
    /// `kill`.
    pub const KILL: u64 = 129;
    /// `tkill`.
    pub const TKILL: u64 = 130;
    /// `tgkill`.
    pub const TGKILL: u64 = 131;
    /// `sigaltstack`.
    pub const SIGALTSTACK: u64 = 132;
    /// `rt_sigsuspend`.
    pub const RT_SIGSUSPEND: u64 = 133;
    /// `rt_sigaction`.
    pub const RT_SIGACTION: u64 = 134;
    /// `rt_sigprocmask`.
    pub const RT_SIGPROCMASK: u64 = 135;
    /// `rt_sigpending`.
    pub const RT_SIGPENDING: u64 = 136;
    /// `rt_sigreturn`.
    pub const RT_SIGRETURN: u64 = 139;
    /// `reboot`.
    pub const REBOOT: u64 = 142;
    /// `setgid`.
    pub const SETGID: u64 = 144;
    /// `setuid`.
    pub const SETUID: u64 = 146;
    /// `getresuid`.
    pub const GETRESUID: u64 = 148;
    /// `getresgid`.
    pub const GETRESGID: u64 = 150;
    /// `times`.
    pub const TIMES: u64 = 153;
    /// `setpgid`.
    pub const SETPGID: u64 = 154;
    /// `getpgid`.
    pub const GETPGID: u64 = 155;
    /// `getsid`.
    pub const GETSID: u64 = 156;
    /// `setsid`.
    pub const SETSID: u64 = 157;
    /// `getgroups`.
    pub const GETGROUPS: u64 = 158;
    /// `uname` (`newuname`).
    pub const UNAME: u64 = 160;
    /// `getrlimit` (with `__ARCH_WANT_SET_GET_RLIMIT`).
    pub const GETRLIMIT: u64 = 163;
    /// `setrlimit` (with `__ARCH_WANT_SET_GET_RLIMIT`).
    pub const SETRLIMIT: u64 = 164;
    /// `getrusage`.
    pub const GETRUSAGE: u64 = 165;
    /// `umask`.
    pub const UMASK: u64 = 166;
    /// `prctl`.
    pub const PRCTL: u64 = 167;
    /// `getcpu`.
    pub const GETCPU: u64 = 168;
    /// `gettimeofday`.
    pub const GETTIMEOFDAY: u64 = 169;
    /// `getpid`.
    pub const GETPID: u64 = 172;
    /// `getppid`.
    pub const GETPPID: u64 = 173;
    /// `getuid`.
    pub const GETUID: u64 = 174;
    /// `geteuid`.
    pub const GETEUID: u64 = 175;
    /// `getgid`.
    pub const GETGID: u64 = 176;
    /// `getegid`.
    pub const GETEGID: u64 = 177;
    /// `gettid`.
    pub const GETTID: u64 = 178;
    /// `brk`.
    pub const BRK: u64 = 214;
    /// `munmap`.
    pub const MUNMAP: u64 = 215;
    /// `mremap`.
    pub const MREMAP: u64 = 216;
    /// `clone` (the generic order: flags, newsp, parent_tid, tls, child_tid).
    pub const CLONE: u64 = 220;
    /// `execve`.
    pub const EXECVE: u64 = 221;
    /// `mmap` (six register arguments; `off_t` in bytes).
    pub const MMAP: u64 = 222;
    /// `mprotect`.
    pub const MPROTECT: u64 = 226;
    /// `madvise`.
    pub const MADVISE: u64 = 233;
    /// `wait4`.
    pub const WAIT4: u64 = 260;
    /// `prlimit64`.
    pub const PRLIMIT64: u64 = 261;
    /// `getrandom`.
    pub const GETRANDOM: u64 = 278;
    /// `execveat`.
    pub const EXECVEAT: u64 = 281;
    /// `statx`.
    pub const STATX: u64 = 291;
    /// `rseq`.
    pub const RSEQ: u64 = 293;
    /// `clone3`.
    pub const CLONE3: u64 = 435;
    /// `close_range`.
    pub const CLOSE_RANGE: u64 = 436;
    /// `faccessat2`.
    pub const FACCESSAT2: u64 = 439;

    // ---- calls riscv64 does not have (see the module documentation) ----

    /// `fork`: not on riscv64 (C libraries use `clone` with `SIGCHLD`); never matches a
    /// real number.
    pub const FORK: u64 = NOT_ON_RISCV64;
    /// `open`: not on riscv64 (C libraries use `openat`); never matches a
    /// real number.
    pub const OPEN: u64 = NOT_ON_RISCV64 + 1;
    /// `alarm`: not on riscv64 (C libraries use `setitimer`); never matches a
    /// real number.
    pub const ALARM: u64 = NOT_ON_RISCV64 + 2;
    /// `pause`: not on riscv64 (C libraries use `ppoll` or `rt_sigsuspend`); never matches a
    /// real number.
    pub const PAUSE: u64 = NOT_ON_RISCV64 + 3;
    /// `access`: not on riscv64 (C libraries use `faccessat`); never matches a
    /// real number.
    pub const ACCESS: u64 = NOT_ON_RISCV64 + 4;
    /// `pipe`: not on riscv64 (C libraries use `pipe2`); never matches a
    /// real number.
    pub const PIPE: u64 = NOT_ON_RISCV64 + 5;
    /// `dup2`: not on riscv64 (C libraries use `dup3` (or `fcntl` for equal descriptors)); never matches a
    /// real number.
    pub const DUP2: u64 = NOT_ON_RISCV64 + 6;
    /// `getpgrp`: not on riscv64 (C libraries use `getpgid(0)`); never matches a
    /// real number.
    pub const GETPGRP: u64 = NOT_ON_RISCV64 + 7;
    /// `readlink`: not on riscv64 (C libraries use `readlinkat`); never matches a
    /// real number.
    pub const READLINK: u64 = NOT_ON_RISCV64 + 8;
    /// `stat`: not on riscv64 (C libraries use `newfstatat`); never matches a
    /// real number.
    pub const STAT: u64 = NOT_ON_RISCV64 + 9;
    /// `lstat`: not on riscv64 (C libraries use `newfstatat` with `AT_SYMLINK_NOFOLLOW`); never matches a
    /// real number.
    pub const LSTAT: u64 = NOT_ON_RISCV64 + 10;
    /// `sigreturn`: not on riscv64 (C libraries use `rt_sigreturn`: every frame is an rt frame); never matches a
    /// real number.
    pub const SIGRETURN: u64 = NOT_ON_RISCV64 + 11;
    /// `getdents`: not on riscv64 (C libraries use `getdents64`); never matches a
    /// real number.
    pub const GETDENTS: u64 = NOT_ON_RISCV64 + 12;
    /// `poll`: not on riscv64 (C libraries use `ppoll`); never matches a
    /// real number.
    pub const POLL: u64 = NOT_ON_RISCV64 + 13;
    /// `vfork`: not on riscv64 (C libraries use `clone` with `CLONE_VM | CLONE_VFORK`); never matches a
    /// real number.
    pub const VFORK: u64 = NOT_ON_RISCV64 + 14;

    #[cfg(test)]
    mod tests {
        use super::*;

        const ABSENT: [u64; 15] = [
            FORK, OPEN, ALARM, PAUSE, ACCESS, PIPE, DUP2, GETPGRP, READLINK, STAT, LSTAT,
            SIGRETURN, GETDENTS, POLL, VFORK,
        ];
        const PRESENT: [u64; 86] = [
            EXIT,
            READ,
            WRITE,
            CLOSE,
            EXECVE,
            CHDIR,
            LSEEK,
            GETPID,
            KILL,
            DUP,
            TIMES,
            BRK,
            IOCTL,
            FCNTL,
            SETPGID,
            UMASK,
            GETPPID,
            SETSID,
            SETRLIMIT,
            GETRUSAGE,
            GETTIMEOFDAY,
            REBOOT,
            MMAP,
            MUNMAP,
            FSTAT,
            WAIT4,
            CLONE,
            UNAME,
            MPROTECT,
            GETPGID,
            FCHDIR,
            READV,
            WRITEV,
            GETSID,
            SCHED_YIELD,
            NANOSLEEP,
            MREMAP,
            PRCTL,
            GETCPU,
            RT_SIGRETURN,
            RT_SIGACTION,
            RT_SIGPROCMASK,
            RT_SIGPENDING,
            RT_SIGSUSPEND,
            PREAD64,
            PWRITE64,
            GETCWD,
            SIGALTSTACK,
            GETRLIMIT,
            GETUID,
            GETGID,
            GETEUID,
            GETEGID,
            GETGROUPS,
            GETRESUID,
            GETRESGID,
            SETUID,
            SETGID,
            MADVISE,
            GETDENTS64,
            GETTID,
            TKILL,
            FUTEX,
            TGKILL,
            EXIT_GROUP,
            SET_TID_ADDRESS,
            CLOCK_GETTIME,
            CLOCK_GETRES,
            CLOCK_NANOSLEEP,
            WAITID,
            OPENAT,
            NEWFSTATAT,
            READLINKAT,
            FACCESSAT,
            PPOLL,
            SET_ROBUST_LIST,
            PIPE2,
            DUP3,
            PRLIMIT64,
            GETRANDOM,
            EXECVEAT,
            STATX,
            RSEQ,
            CLONE3,
            CLOSE_RANGE,
            FACCESSAT2,
        ];

        #[test]
        fn numbers_are_distinct() {
            let mut all: Vec<u64> = ABSENT.iter().chain(PRESENT.iter()).copied().collect();
            let n = all.len();
            all.sort_unstable();
            all.dedup();
            assert_eq!(all.len(), n);
        }

        #[test]
        fn absent_calls_are_a_block_no_register_reaches() {
            assert_eq!(ABSENT.len() as u64, ABSENT_COUNT);
            for (k, &n) in ABSENT.iter().enumerate() {
                assert_eq!(n, NOT_ON_RISCV64 + k as u64);
                assert_eq!(from_register(n), NO_SUCH_CALL);
            }
            assert!(!ABSENT.contains(&NO_SUCH_CALL));
            assert!(!PRESENT.contains(&NO_SUCH_CALL));
        }

        #[test]
        fn real_numbers_pass_through() {
            for &n in &PRESENT {
                assert!(n < 1024, "{n}");
                assert_eq!(from_register(n), n);
            }
            // Just past the block, and numbers Linux does not have.
            let after = NOT_ON_RISCV64 + ABSENT_COUNT;
            assert_eq!(from_register(after), after);
            assert_eq!(from_register(1079), 1079);
            assert_eq!(from_register(NOT_ON_RISCV64 - 1), NOT_ON_RISCV64 - 1);
        }

        #[test]
        fn spot_checks_against_the_asm_generic_table() {
            assert_eq!((READ, WRITE, OPENAT, CLOSE), (63, 64, 56, 57));
            assert_eq!(
                (EXIT, EXIT_GROUP, CLONE, EXECVE, MMAP),
                (93, 94, 220, 221, 222)
            );
            assert_eq!(
                (RT_SIGRETURN, WAIT4, CLONE3, FACCESSAT2),
                (139, 260, 435, 439)
            );
        }
    }
}

/// Signal numbers, `sa_flags` and `si_code` values: riscv64 has only the
/// shared ones. It has no `SA_RESTORER` (asm-generic's signal.h tells new
/// architectures not to define it): a handler always returns through the
/// kernel's `rt_sigreturn` trampoline, whose address the kernel puts in
/// `ra`.
pub mod signal {
    pub use linux_abi::signal::*;
}

/// The kernel's `struct sigaction` on riscv64 (include/linux/signal_types.h
/// without `__ARCH_HAS_SA_RESTORER`): handler, flags, mask, each 8 bytes,
/// little-endian, 24 bytes in all.
pub mod sigaction {
    /// Size of the structure in user memory.
    pub const SIZE: usize = 24;

    /// A signal action.
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
    pub struct SigAction {
        /// `SIG_DFL`, `SIG_IGN` or a handler address.
        pub handler: u64,
        /// `SA_*` flags.
        pub flags: u64,
        /// Always 0: riscv64's structure has no `sa_restorer`. The field
        /// exists because the generic kernel's `SigAction` has it (it
        /// clears it at `execve` and hands it to the backend, which never
        /// reads it on riscv64).
        pub restorer: u64,
        /// Signals blocked while the handler runs.
        pub mask: u64,
    }

    impl SigAction {
        /// The action as a program wrote it.
        pub fn from_bytes(b: &[u8; SIZE]) -> Self {
            let w = |i: usize| {
                let mut word = [0u8; 8];
                word.copy_from_slice(&b[i * 8..i * 8 + 8]);
                u64::from_le_bytes(word)
            };
            Self {
                handler: w(0),
                flags: w(1),
                restorer: 0,
                mask: w(2),
            }
        }

        /// The action as a program reads it.
        pub fn to_bytes(&self) -> [u8; SIZE] {
            let mut b = [0u8; SIZE];
            for (i, w) in [self.handler, self.flags, self.mask].iter().enumerate() {
                b[i * 8..i * 8 + 8].copy_from_slice(&w.to_le_bytes());
            }
            b
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn handler_flags_mask_little_endian() {
            let a = SigAction {
                handler: 0x1122_3344_5566_7788,
                flags: 0x0800_0004,
                restorer: 0,
                mask: 1 << 9,
            };
            let b = a.to_bytes();
            assert_eq!(b[0], 0x88);
            assert_eq!(b[7], 0x11);
            assert_eq!(&b[8..16], &0x0800_0004u64.to_le_bytes());
            assert_eq!(&b[16..24], &(1u64 << 9).to_le_bytes());
            assert_eq!(SigAction::from_bytes(&b), a);
        }

        #[test]
        fn no_restorer_is_read_or_written() {
            let mut b = [0xffu8; SIZE];
            b[16..24].copy_from_slice(&5u64.to_le_bytes());
            let a = SigAction::from_bytes(&b);
            assert_eq!(a.restorer, 0);
            assert_eq!(a.mask, 5);
            let with = SigAction {
                restorer: 0xdead,
                ..a
            };
            assert_eq!(with.to_bytes(), a.to_bytes());
        }
    }
}

/// The kernel's `struct stat` on riscv64 (`fstat`, `newfstatat`;
/// include/uapi/asm-generic/stat.h with 64-bit `long`): 8-byte device and
/// inode, then 4-byte mode, link count, uid and gid, then the 8-byte
/// device number and padding, size, a 4-byte block size with padding,
/// block count, and three time stamps, little-endian, 128 bytes.
pub mod stat {
    use linux_abi::fs::Stat;

    /// Size of the structure in user memory.
    pub const SIZE: usize = 128;

    /// Byte offsets of the fields.
    pub mod off {
        /// `st_dev` (8 bytes).
        pub const DEV: usize = 0;
        /// `st_ino` (8).
        pub const INO: usize = 8;
        /// `st_mode` (4).
        pub const MODE: usize = 16;
        /// `st_nlink` (4).
        pub const NLINK: usize = 20;
        /// `st_uid` (4).
        pub const UID: usize = 24;
        /// `st_gid` (4).
        pub const GID: usize = 28;
        /// `st_rdev` (8), then 8 bytes of padding (`__pad1`).
        pub const RDEV: usize = 32;
        /// `st_size` (8).
        pub const SIZE: usize = 48;
        /// `st_blksize` (4), then 4 bytes of padding (`__pad2`).
        pub const BLKSIZE: usize = 56;
        /// `st_blocks` (8).
        pub const BLOCKS: usize = 64;
        /// `st_atime`, `st_atime_nsec` (8 each).
        pub const ATIME: usize = 72;
        /// `st_mtime`, `st_mtime_nsec`.
        pub const MTIME: usize = 88;
        /// `st_ctime`, `st_ctime_nsec`, then two unused 4-byte words.
        pub const CTIME: usize = 104;
    }

    const _: () = assert!(off::CTIME + 16 + 2 * 4 == SIZE);

    /// `s` as a program reads it. `st_nlink` and `st_blksize` are 4 bytes
    /// here: Linux fails the call with `EOVERFLOW` for a link count that
    /// does not fit, which no file of this kernel has; the low 32 bits are
    /// stored.
    pub fn to_bytes(s: &Stat) -> [u8; SIZE] {
        let mut b = [0u8; SIZE];
        let mut put8 = |at: usize, v: u64| b[at..at + 8].copy_from_slice(&v.to_le_bytes());
        put8(off::DEV, s.dev);
        put8(off::INO, s.ino);
        put8(off::RDEV, s.rdev);
        put8(off::SIZE, s.size as u64);
        put8(off::BLOCKS, s.blocks as u64);
        for (at, t) in [
            (off::ATIME, s.atime),
            (off::MTIME, s.mtime),
            (off::CTIME, s.ctime),
        ] {
            put8(at, t.sec as u64);
            put8(at + 8, t.nsec as u64);
        }
        for (at, v) in [
            (off::MODE, s.mode),
            (off::NLINK, s.nlink as u32),
            (off::UID, s.uid),
            (off::GID, s.gid),
            (off::BLKSIZE, s.blksize as u32),
        ] {
            b[at..at + 4].copy_from_slice(&v.to_le_bytes());
        }
        b
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use linux_abi::fs::Timespec;

        #[test]
        fn fields_sit_where_asm_generic_puts_them() {
            let s = Stat {
                dev: 0x11,
                ino: 0x2222_0000_0022,
                mode: 0o100644,
                nlink: 3,
                uid: 1000,
                gid: 100,
                rdev: 0x0501,
                size: 0x1_0000_0005,
                blksize: 4096,
                blocks: 8,
                atime: Timespec { sec: 1, nsec: 2 },
                mtime: Timespec { sec: 3, nsec: 4 },
                ctime: Timespec { sec: 5, nsec: 6 },
            };
            let b = to_bytes(&s);
            let w8 = |at: usize| u64::from_le_bytes(b[at..at + 8].try_into().unwrap());
            let w4 = |at: usize| u32::from_le_bytes(b[at..at + 4].try_into().unwrap());
            assert_eq!(w8(0), 0x11);
            assert_eq!(w8(8), 0x2222_0000_0022);
            assert_eq!(w4(16), 0o100644);
            assert_eq!(w4(20), 3);
            assert_eq!(w4(24), 1000);
            assert_eq!(w4(28), 100);
            assert_eq!(w8(32), 0x0501);
            assert_eq!(w8(40), 0, "__pad1");
            assert_eq!(w8(48), 0x1_0000_0005);
            assert_eq!(w4(56), 4096);
            assert_eq!(w4(60), 0, "__pad2");
            assert_eq!(w8(64), 8);
            let times: Vec<u64> = (0..6).map(|i| w8(72 + 8 * i)).collect();
            assert_eq!(times, [1, 2, 3, 4, 5, 6]);
            assert_eq!(&b[120..128], &[0; 8], "__unused4, __unused5");
        }
    }
}

/// How riscv64 passes the arguments of calls whose convention differs
/// between architectures: here, the generic way.
pub mod conventions {
    /// `mmap` takes its six arguments in a0-a5 (the asm-generic `mmap`,
    /// offset in bytes), not in a memory block as s390x's `old_mmap`.
    pub const MMAP_ARGS_IN_MEMORY: bool = false;

    /// `clone` takes (flags, newsp, parent_tid, tls, child_tid): the
    /// generic order (riscv64 sets none of `CONFIG_CLONE_BACKWARDS*`), so
    /// the flags come first and the thread pointer before the child's tid
    /// address.
    pub const CLONE_STACK_FIRST: bool = false;

    /// The argument that holds `child_tid` (`CLONE_CHILD_SETTID`,
    /// `CLONE_CHILD_CLEARTID`): the fifth, after `tls`.
    pub const CLONE_CHILD_TID_ARG: usize = 4;
}

/// Machine code for test fixtures that make executables by hand
/// (`kcore::testfs`).
pub mod fixture {
    /// `li a0, 42; li a7, 93; ecall`: `exit(42)` (`__NR_exit` is 93),
    /// position-independent, little-endian.
    pub const EXIT_42: [u8; 12] = {
        const ADDI: u32 = 0x13;
        const A0: u32 = 10;
        const A7: u32 = 17;
        const ECALL: u32 = 0x73;
        let li_a0 = 42 << 20 | A0 << 7 | ADDI;
        let li_a7 = (super::nr::EXIT as u32) << 20 | A7 << 7 | ADDI;
        let w = [
            li_a0.to_le_bytes(),
            li_a7.to_le_bytes(),
            ECALL.to_le_bytes(),
        ];
        [
            w[0][0], w[0][1], w[0][2], w[0][3], w[1][0], w[1][1], w[1][2], w[1][3], w[2][0],
            w[2][1], w[2][2], w[2][3],
        ]
    };

    #[cfg(test)]
    mod tests {
        /// What `riscv64-linux-gnu-as` assembles the three instructions to.
        #[test]
        fn exit_42_is_what_the_assembler_makes() {
            assert_eq!(
                super::EXIT_42,
                [0x13, 0x05, 0xa0, 0x02, 0x93, 0x08, 0xd0, 0x05, 0x73, 0x00, 0x00, 0x00]
            );
        }
    }
}
