/* uname, getrusage, pipe2, times, getcwd, prlimit64, getrandom with a bad
 * output pointer: EFAULT (times: Linux's answer). */
#include "mem.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	unsigned long f = free_range(PAGE);
	unsigned long ro = map_anon(PAGE, PROT_READ);
	tok_ret("uname", syscall(SYS_uname, f));
	tok_ret("uname_ro", syscall(SYS_uname, ro));
	tok_ret("getrusage", syscall(SYS_getrusage, 0, f));
	tok_ret("getrusage_bad_who", syscall(SYS_getrusage, 5, f));
	tok_ret("pipe2", syscall(SYS_pipe2, f, 0));
	tok_ret("pipe2_ro", syscall(SYS_pipe2, ro, 0));
	tok_ret("pipe2_bad_flags", syscall(SYS_pipe2, f, 0x12345));
	tok_ret("getcwd", syscall(SYS_getcwd, f, 100));
	tok_ret("prlimit_old", syscall(SYS_prlimit64, 0, 3 /* RLIMIT_STACK */, 0, f));
	tok_ret("prlimit_new", syscall(SYS_prlimit64, 0, 3 /* RLIMIT_STACK */, f, 0));
	tok_ret("getrandom", syscall(SYS_getrandom, f, 8, 0));
	tok_ret("sigaltstack", syscall(SYS_sigaltstack, f, 0));
	tok_ret("set_tid_ok", syscall(SYS_set_tid_address, f) > 0 ? 0 : -1);
	tok_ret("openat_path", syscall(SYS_openat, AT_FDCWD, f, O_RDONLY, 0));
	tok_ret("fstat", syscall(SYS_fstat, 1, f));
	tok_ret("execve_path", syscall(SYS_execve, f, 0, 0));
	return 0;
}
