/* rt_sigaction with a bad new or old action pointer: EFAULT, and a bad
 * old pointer leaves the new action installed or not as Linux does. */
#include "mem.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	unsigned long f = free_range(PAGE);
	unsigned long ro = map_anon(PAGE, PROT_READ);
	struct ksigaction a = { .handler = (unsigned long)SIG_IGN }, o;
	tok_ret("new_unmapped", syscall(SYS_rt_sigaction, SIGUSR1, f, 0, 8));
	tok_ret("old_unmapped", syscall(SYS_rt_sigaction, SIGUSR1, 0, f, 8));
	tok_ret("old_readonly", syscall(SYS_rt_sigaction, SIGUSR1, &a, ro, 8));
	kgetaction(SIGUSR1, &o);
	tok("installed_ign", o.handler == (unsigned long)SIG_IGN);
	tok_ret("bad_size_bad_ptr", syscall(SYS_rt_sigaction, SIGUSR1, f, 0, 4));
	tok_ret("bad_sig_bad_ptr", syscall(SYS_rt_sigaction, 0, f, 0, 8));
	tok_ret("top", syscall(SYS_rt_sigaction, SIGUSR1, -PAGE, 0, 8));
	return 0;
}
