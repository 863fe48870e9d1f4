//! The numbers of Linux's s390x user ABI, in one place for both sides of
//! it: the kernel's system-call table and the user programs in
//! `tests/user` (which must stay runnable on Linux, so they depend on
//! nothing else of this kernel). Values are Linux's
//! (arch/s390/kernel/syscalls/syscall.tbl, 64-bit; include/uapi).
//!
//! What every architecture shares (errno, signal numbers, si_codes, mmap
//! flags, wait status, `siginfo_t`, auxv tags) is defined once in the
//! `linux-abi` crate and re-exported here, so that a program sees the whole
//! s390x ABI through this crate; what is s390x's own (the system-call
//! numbers, `SA_RESTORER`) is defined here.
#![no_std]
#![warn(missing_docs)]

pub use linux_abi::{auxv, errno, fcntl, fs, mman, wait, Siginfo};

/// System-call numbers (64-bit s390x).
pub mod nr {
    /// `exit`.
    pub const EXIT: u64 = 1;
    /// `fork`.
    pub const FORK: u64 = 2;
    /// `read`.
    pub const READ: u64 = 3;
    /// `write`.
    pub const WRITE: u64 = 4;
    /// `open`.
    pub const OPEN: u64 = 5;
    /// `close`.
    pub const CLOSE: u64 = 6;
    /// `execve`.
    pub const EXECVE: u64 = 11;
    /// `chdir`.
    pub const CHDIR: u64 = 12;
    /// `lseek`.
    pub const LSEEK: u64 = 19;
    /// `getpid`.
    pub const GETPID: u64 = 20;
    /// `alarm`.
    pub const ALARM: u64 = 27;
    /// `pause`.
    pub const PAUSE: u64 = 29;
    /// `access`.
    pub const ACCESS: u64 = 33;
    /// `kill`.
    pub const KILL: u64 = 37;
    /// `dup`.
    pub const DUP: u64 = 41;
    /// `pipe`.
    pub const PIPE: u64 = 42;
    /// `times`.
    pub const TIMES: u64 = 43;
    /// `brk`.
    pub const BRK: u64 = 45;
    /// `ioctl`.
    pub const IOCTL: u64 = 54;
    /// `fcntl`.
    pub const FCNTL: u64 = 55;
    /// `setpgid`.
    pub const SETPGID: u64 = 57;
    /// `umask`.
    pub const UMASK: u64 = 60;
    /// `dup2`.
    pub const DUP2: u64 = 63;
    /// `getppid`.
    pub const GETPPID: u64 = 64;
    /// `getpgrp`.
    pub const GETPGRP: u64 = 65;
    /// `setsid`.
    pub const SETSID: u64 = 66;
    /// `setrlimit`.
    pub const SETRLIMIT: u64 = 75;
    /// `getrusage`.
    pub const GETRUSAGE: u64 = 77;
    /// `gettimeofday`.
    pub const GETTIMEOFDAY: u64 = 78;
    /// `readlink`.
    pub const READLINK: u64 = 85;
    /// `reboot`.
    pub const REBOOT: u64 = 88;
    /// `mmap` (s390x `old_mmap`: arguments in a memory block).
    pub const MMAP: u64 = 90;
    /// `munmap`.
    pub const MUNMAP: u64 = 91;
    /// `stat`.
    pub const STAT: u64 = 106;
    /// `lstat`.
    pub const LSTAT: u64 = 107;
    /// `fstat`.
    pub const FSTAT: u64 = 108;
    /// `wait4`.
    pub const WAIT4: u64 = 114;
    /// `sigreturn`.
    pub const SIGRETURN: u64 = 119;
    /// `clone` (s390: newsp first, then flags).
    pub const CLONE: u64 = 120;
    /// `uname`.
    pub const UNAME: u64 = 122;
    /// `mprotect`.
    pub const MPROTECT: u64 = 125;
    /// `getpgid`.
    pub const GETPGID: u64 = 132;
    /// `fchdir`.
    pub const FCHDIR: u64 = 133;
    /// `getdents`.
    pub const GETDENTS: u64 = 141;
    /// `readv`.
    pub const READV: u64 = 145;
    /// `writev`.
    pub const WRITEV: u64 = 146;
    /// `getsid`.
    pub const GETSID: u64 = 147;
    /// `sched_yield`.
    pub const SCHED_YIELD: u64 = 158;
    /// `nanosleep`.
    pub const NANOSLEEP: u64 = 162;
    /// `mremap`.
    pub const MREMAP: u64 = 163;
    /// `poll`.
    pub const POLL: u64 = 168;
    /// `prctl`.
    pub const PRCTL: u64 = 172;
    /// `rt_sigreturn`.
    pub const RT_SIGRETURN: u64 = 173;
    /// `rt_sigaction`.
    pub const RT_SIGACTION: u64 = 174;
    /// `rt_sigprocmask`.
    pub const RT_SIGPROCMASK: u64 = 175;
    /// `rt_sigpending`.
    pub const RT_SIGPENDING: u64 = 176;
    /// `rt_sigsuspend`.
    pub const RT_SIGSUSPEND: u64 = 179;
    /// `pread64`.
    pub const PREAD64: u64 = 180;
    /// `pwrite64`.
    pub const PWRITE64: u64 = 181;
    /// `getcwd`.
    pub const GETCWD: u64 = 183;
    /// `sigaltstack`.
    pub const SIGALTSTACK: u64 = 186;
    /// `vfork`.
    pub const VFORK: u64 = 190;
    /// `getrlimit`.
    pub const GETRLIMIT: u64 = 191;
    /// `getuid`.
    pub const GETUID: u64 = 199;
    /// `getgid`.
    pub const GETGID: u64 = 200;
    /// `geteuid`.
    pub const GETEUID: u64 = 201;
    /// `getegid`.
    pub const GETEGID: u64 = 202;
    /// `getgroups`.
    pub const GETGROUPS: u64 = 205;
    /// `getresuid`.
    pub const GETRESUID: u64 = 209;
    /// `getresgid`.
    pub const GETRESGID: u64 = 211;
    /// `setuid`.
    pub const SETUID: u64 = 213;
    /// `setgid`.
    pub const SETGID: u64 = 214;
    /// `madvise`.
    pub const MADVISE: u64 = 219;
    /// `getdents64`.
    pub const GETDENTS64: u64 = 220;
    /// `gettid`.
    pub const GETTID: u64 = 236;
    /// `tkill`.
    pub const TKILL: u64 = 237;
    /// `futex`.
    pub const FUTEX: u64 = 238;
    /// `tgkill`.
    pub const TGKILL: u64 = 241;
    /// `exit_group`.
    pub const EXIT_GROUP: u64 = 248;
    /// `set_tid_address`.
    pub const SET_TID_ADDRESS: u64 = 252;
    /// `clock_gettime`.
    pub const CLOCK_GETTIME: u64 = 260;
    /// `clock_getres`.
    pub const CLOCK_GETRES: u64 = 261;
    /// `clock_nanosleep`.
    pub const CLOCK_NANOSLEEP: u64 = 262;
    /// `waitid`.
    pub const WAITID: u64 = 281;
    /// `openat`.
    pub const OPENAT: u64 = 288;
    /// `newfstatat`.
    pub const NEWFSTATAT: u64 = 293;
    /// `readlinkat`.
    pub const READLINKAT: u64 = 298;
    /// `faccessat`.
    pub const FACCESSAT: u64 = 300;
    /// `ppoll`.
    pub const PPOLL: u64 = 302;
    /// `set_robust_list`.
    pub const SET_ROBUST_LIST: u64 = 304;
    /// `getcpu`.
    pub const GETCPU: u64 = 311;
    /// `pipe2`.
    pub const PIPE2: u64 = 325;
    /// `dup3`.
    pub const DUP3: u64 = 326;
    /// `prlimit64`.
    pub const PRLIMIT64: u64 = 334;
    /// `getrandom`.
    pub const GETRANDOM: u64 = 349;
    /// `execveat`.
    pub const EXECVEAT: u64 = 354;
    /// `statx`.
    pub const STATX: u64 = 379;
    /// `rseq`.
    pub const RSEQ: u64 = 383;
    /// `clone3`.
    pub const CLONE3: u64 = 435;
    /// `close_range`.
    pub const CLOSE_RANGE: u64 = 436;
    /// `faccessat2`.
    pub const FACCESSAT2: u64 = 439;
}

/// Signal numbers, `sa_flags` and `si_code` values: the shared ones, and
/// `SA_RESTORER`, which s390x has and not every architecture does.
pub mod signal {
    pub use linux_abi::signal::*;

    /// `sa_flags`: `sa_restorer` is the handler's return path.
    pub const SA_RESTORER: u64 = 0x0400_0000;

    /// The `sa_flags` Linux keeps on s390x: the shared ones and
    /// `SA_RESTORER` (`__ARCH_UAPI_SA_FLAGS`).
    pub const UAPI_SA_FLAGS: u64 = linux_abi::signal::UAPI_SA_FLAGS | SA_RESTORER;
}

/// The kernel's `struct sigaction` on s390x: handler, flags, restorer,
/// mask, each 8 bytes, big-endian (the order differs from the C library's
/// `struct sigaction`, and riscv64's has no restorer).
pub mod sigaction {
    /// Size of the structure in user memory.
    pub const SIZE: usize = 32;

    /// A signal action.
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
    pub struct SigAction {
        /// `SIG_DFL`, `SIG_IGN` or a handler address.
        pub handler: u64,
        /// `SA_*` flags.
        pub flags: u64,
        /// Return path with `SA_RESTORER`.
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
                u64::from_be_bytes(word)
            };
            Self {
                handler: w(0),
                flags: w(1),
                restorer: w(2),
                mask: w(3),
            }
        }

        /// The action as a program reads it.
        pub fn to_bytes(&self) -> [u8; SIZE] {
            let mut b = [0u8; SIZE];
            for (i, w) in [self.handler, self.flags, self.restorer, self.mask]
                .iter()
                .enumerate()
            {
                b[i * 8..i * 8 + 8].copy_from_slice(&w.to_be_bytes());
            }
            b
        }
    }
}

/// The kernel's `struct stat` on 64-bit s390x (`stat`, `lstat`, `fstat`,
/// `newfstatat`; arch/s390/include/uapi/asm/stat.h): 8-byte device,
/// inode and link count, then 4-byte mode, uid, gid and padding, then
/// 8-byte fields, big-endian, 144 bytes. Other architectures order and
/// size these differently (x86-64 puts `st_nlink` before `st_mode`,
/// asm-generic's is 128 bytes with 4-byte `st_nlink`).
pub mod stat {
    use linux_abi::fs::Stat;

    /// Size of the structure in user memory.
    pub const SIZE: usize = 144;

    /// Byte offsets of the fields.
    pub mod off {
        /// `st_dev` (8 bytes).
        pub const DEV: usize = 0;
        /// `st_ino` (8).
        pub const INO: usize = 8;
        /// `st_nlink` (8).
        pub const NLINK: usize = 16;
        /// `st_mode` (4).
        pub const MODE: usize = 24;
        /// `st_uid` (4).
        pub const UID: usize = 28;
        /// `st_gid` (4), then 4 bytes of padding.
        pub const GID: usize = 32;
        /// `st_rdev` (8).
        pub const RDEV: usize = 40;
        /// `st_size` (8).
        pub const SIZE: usize = 48;
        /// `st_atime`, `st_atime_nsec` (8 each).
        pub const ATIME: usize = 56;
        /// `st_mtime`, `st_mtime_nsec`.
        pub const MTIME: usize = 72;
        /// `st_ctime`, `st_ctime_nsec`.
        pub const CTIME: usize = 88;
        /// `st_blksize` (8).
        pub const BLKSIZE: usize = 104;
        /// `st_blocks` (8), then three unused 8-byte words.
        pub const BLOCKS: usize = 112;
    }

    const _: () = assert!(off::BLOCKS + 8 + 3 * 8 == SIZE);

    /// `s` as a program reads it.
    pub fn to_bytes(s: &Stat) -> [u8; SIZE] {
        let mut b = [0u8; SIZE];
        let mut put8 = |at: usize, v: u64| b[at..at + 8].copy_from_slice(&v.to_be_bytes());
        put8(off::DEV, s.dev);
        put8(off::INO, s.ino);
        put8(off::NLINK, s.nlink);
        put8(off::RDEV, s.rdev);
        put8(off::SIZE, s.size as u64);
        for (at, t) in [
            (off::ATIME, s.atime),
            (off::MTIME, s.mtime),
            (off::CTIME, s.ctime),
        ] {
            put8(at, t.sec as u64);
            put8(at + 8, t.nsec as u64);
        }
        put8(off::BLKSIZE, s.blksize as u64);
        put8(off::BLOCKS, s.blocks as u64);
        for (at, v) in [(off::MODE, s.mode), (off::UID, s.uid), (off::GID, s.gid)] {
            b[at..at + 4].copy_from_slice(&v.to_be_bytes());
        }
        b
    }
}

/// How s390x passes the arguments of calls whose convention is its own.
pub mod conventions {
    /// `mmap` (`nr::MMAP`, the old `old_mmap`) takes one argument: the
    /// address of a block of six 8-byte words (addr, len, prot, flags, fd,
    /// offset).
    pub const MMAP_ARGS_IN_MEMORY: bool = true;

    /// `clone` takes (newsp, flags, ...): the stack before the flags.
    pub const CLONE_STACK_FIRST: bool = true;

    /// The argument that holds `child_tid` (`CLONE_CHILD_SETTID`,
    /// `CLONE_CHILD_CLEARTID`): the fourth, before `tls`
    /// (`CONFIG_CLONE_BACKWARDS2`: newsp, flags, parent_tid, child_tid, tls).
    pub const CLONE_CHILD_TID_ARG: usize = 3;
}

/// Machine code for test fixtures that make executables by hand
/// (`kcore::testfs`).
pub mod fixture {
    /// `lghi %r2,42; svc 1`: `exit(42)`, position-independent.
    pub const EXIT_42: [u8; 6] = [0xa7, 0x29, 0x00, 0x2a, 0x0a, 0x01];
}
