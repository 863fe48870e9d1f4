//! The saved user state, as the generic kernel sees it.

/// The register state an interruption from user mode saved: what a task
/// resumes with. The generic kernel never names a register; it asks for
/// the system-call number and arguments, the return value, the
/// instruction and stack pointers, and a restart.
pub trait TrapFrame: Clone + Send + 'static {
    /// The state a new program starts in: user mode at `entry`, with the
    /// stack pointer at `stack` and every other register zero.
    fn new_user(entry: u64, stack: u64) -> Self;

    /// The system-call number, decoded with the architecture's convention
    /// (only meaningful while handling a system call).
    fn syscall_nr(&self) -> u64;

    /// System-call argument `i` (0 to 5).
    fn arg(&self, i: usize) -> u64;

    /// Sets the system call's return value (`-errno` on failure).
    fn set_return(&mut self, value: u64);

    /// Where the task resumes.
    fn ip(&self) -> u64;

    /// Makes the task resume at `ip`.
    fn set_ip(&mut self, ip: u64);

    /// The user stack pointer.
    fn sp(&self) -> u64;

    /// Sets the user stack pointer.
    fn set_sp(&mut self, sp: u64);

    /// Makes the system call being handled run again when the task
    /// resumes, with the same number and arguments (a blocked `wait4`).
    fn restart_syscall(&mut self);
}
