/* rt_sigprocmask with a bad set or old-set pointer: EFAULT. */
#include "mem.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	unsigned long f = free_range(PAGE);
	unsigned long ro = map_anon(PAGE, PROT_READ);
	unsigned long set = 1UL << (SIGUSR1 - 1), old;
	tok_ret("set_unmapped", syscall(SYS_rt_sigprocmask, SIG_BLOCK, f, 0, 8));
	tok_ret("old_unmapped", syscall(SYS_rt_sigprocmask, SIG_BLOCK, 0, f, 8));
	tok_ret("old_readonly_with_set", syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, ro, 8));
	syscall(SYS_rt_sigprocmask, SIG_BLOCK, 0, &old, 8);
	tok("usr1_blocked", (old & set) != 0);
	tok_ret("bad_how_bad_ptr", syscall(SYS_rt_sigprocmask, 7, f, 0, 8));
	tok_ret("bad_size_bad_ptr", syscall(SYS_rt_sigprocmask, SIG_BLOCK, f, 0, 4));
	return 0;
}
