//! Signal numbers, `sa_flags` and `si_code` values
//! (`asm-generic/signal.h`, `asm-generic/siginfo.h`). `SA_RESTORER` is
//! not here: it exists only on some architectures (s390x has it, riscv64
//! does not), so it belongs to the backend's ABI crate.

/// Highest signal number.
pub const NSIG: usize = 64;

/// Hangup.
pub const SIGHUP: i32 = 1;
/// Interrupt from the keyboard.
pub const SIGINT: i32 = 2;
/// Quit from the keyboard.
pub const SIGQUIT: i32 = 3;
/// Illegal instruction.
pub const SIGILL: i32 = 4;
/// Trace trap.
pub const SIGTRAP: i32 = 5;
/// Abort.
pub const SIGABRT: i32 = 6;
/// Bus error.
pub const SIGBUS: i32 = 7;
/// Floating-point exception.
pub const SIGFPE: i32 = 8;
/// Kill (cannot be caught, blocked or ignored).
pub const SIGKILL: i32 = 9;
/// User-defined signal 1.
pub const SIGUSR1: i32 = 10;
/// Segmentation violation.
pub const SIGSEGV: i32 = 11;
/// User-defined signal 2.
pub const SIGUSR2: i32 = 12;
/// Broken pipe.
pub const SIGPIPE: i32 = 13;
/// Timer alarm.
pub const SIGALRM: i32 = 14;
/// Termination.
pub const SIGTERM: i32 = 15;
/// Child status changed.
pub const SIGCHLD: i32 = 17;
/// Continue.
pub const SIGCONT: i32 = 18;
/// Stop (cannot be caught, blocked or ignored).
pub const SIGSTOP: i32 = 19;
/// Stop typed at a terminal.
pub const SIGTSTP: i32 = 20;
/// Background read from a terminal (default: stop).
pub const SIGTTIN: i32 = 21;
/// Background write to a terminal (default: stop).
pub const SIGTTOU: i32 = 22;
/// Urgent socket data.
pub const SIGURG: i32 = 23;
/// Window size change.
pub const SIGWINCH: i32 = 28;

/// Bad system call (seccomp).
pub const SIGSYS: i32 = 31;

/// `sa_handler`: the default action.
pub const SIG_DFL: u64 = 0;
/// `sa_handler`: ignore.
pub const SIG_IGN: u64 = 1;

/// `sa_flags` (SIGCHLD): no notice when a child stops or continues.
pub const SA_NOCLDSTOP: u64 = 0x1;
/// `sa_flags` (SIGCHLD): children do not become zombies.
pub const SA_NOCLDWAIT: u64 = 0x2;
/// `sa_flags`: the handler takes (signo, siginfo, ucontext).
pub const SA_SIGINFO: u64 = 0x4;
/// `sa_flags`: `si_addr` keeps the address's tag bits.
pub const SA_EXPOSE_TAGBITS: u64 = 0x800;
/// `sa_flags`: run the handler on the alternate signal stack.
pub const SA_ONSTACK: u64 = 0x0800_0000;
/// `sa_flags`: restart a system call the signal interrupted.
pub const SA_RESTART: u64 = 0x1000_0000;
/// `sa_flags`: do not block the signal while its handler runs.
pub const SA_NODEFER: u64 = 0x4000_0000;
/// `sa_flags`: reset to the default action when delivered.
pub const SA_RESETHAND: u64 = 0x8000_0000;
/// The `sa_flags` every architecture's Linux keeps (`UAPI_SA_FLAGS`
/// without `__ARCH_UAPI_SA_FLAGS`): `rt_sigaction` drops any other bit,
/// so that a program can tell which flags the kernel knows.
pub const UAPI_SA_FLAGS: u64 = SA_NOCLDSTOP
    | SA_NOCLDWAIT
    | SA_SIGINFO
    | SA_ONSTACK
    | SA_RESTART
    | SA_NODEFER
    | SA_RESETHAND
    | SA_EXPOSE_TAGBITS;

/// `si_code`: sent by `kill`.
pub const SI_USER: i32 = 0;
/// `si_code`: raised by the kernel for its own reasons.
pub const SI_KERNEL: i32 = 0x80;

/// SIGCHLD: the child exited.
pub const CLD_EXITED: i32 = 1;
/// SIGCHLD: the child was killed.
pub const CLD_KILLED: i32 = 2;
/// SIGCHLD: the child was stopped by a signal.
pub const CLD_STOPPED: i32 = 5;
/// SIGCHLD: the stopped child was continued by `SIGCONT`.
pub const CLD_CONTINUED: i32 = 6;

/// SIGSEGV: address not mapped.
pub const SEGV_MAPERR: i32 = 1;
/// SIGSEGV: invalid permissions for a mapped object.
pub const SEGV_ACCERR: i32 = 2;
/// SIGBUS: invalid address alignment.
pub const BUS_ADRALN: i32 = 1;
/// SIGBUS: nonexistent physical address.
pub const BUS_ADRERR: i32 = 2;
/// SIGILL: illegal opcode.
pub const ILL_ILLOPC: i32 = 1;
/// SIGILL: illegal addressing mode.
pub const ILL_ILLADR: i32 = 3;
/// SIGILL: illegal trap.
pub const ILL_ILLTRP: i32 = 4;
/// SIGILL: privileged opcode.
pub const ILL_PRVOPC: i32 = 5;
/// SIGILL: illegal operand.
pub const ILL_ILLOPN: i32 = 2;
/// SIGFPE: integer divide by zero.
pub const FPE_INTDIV: i32 = 1;
/// SIGFPE: integer overflow.
pub const FPE_INTOVF: i32 = 2;
/// SIGFPE: floating-point divide by zero.
pub const FPE_FLTDIV: i32 = 3;
/// SIGFPE: floating-point overflow.
pub const FPE_FLTOVF: i32 = 4;
/// SIGFPE: floating-point underflow.
pub const FPE_FLTUND: i32 = 5;
/// SIGFPE: floating-point inexact result.
pub const FPE_FLTRES: i32 = 6;
/// SIGFPE: floating-point invalid operation.
pub const FPE_FLTINV: i32 = 7;
/// SIGTRAP: process breakpoint.
pub const TRAP_BRKPT: i32 = 1;

/// The smallest alternate signal stack `sigaltstack` accepts.
pub const MINSIGSTKSZ: u64 = 2048;
/// `sigaltstack`: the task is running on the alternate stack.
pub const SS_ONSTACK: i32 = 1;
/// `sigaltstack`: the alternate stack is disabled.
pub const SS_DISABLE: i32 = 2;
/// `sigaltstack`: disarm the alternate stack while a handler runs on it.
pub const SS_AUTODISARM: i32 = 1 << 31;
