/* rt_sigaction, rt_sigprocmask and rt_sigsuspend want sigsetsize 8:
 * anything else is EINVAL, checked before the pointers. */
#include "sig.h"

int main(int argc, char **argv)
{
	struct ksigaction a = { .handler = 0 };
	unsigned long m = 0;
	tok_ret("act4", syscall(SYS_rt_sigaction, SIGUSR1, &a, 0, 4));
	tok_ret("act16", syscall(SYS_rt_sigaction, SIGUSR1, &a, 0, 16));
	tok_ret("act0_badptr", syscall(SYS_rt_sigaction, SIGUSR1, 16, 0, 0));
	tok_ret("mask4", syscall(SYS_rt_sigprocmask, SIG_BLOCK, &m, 0, 4));
	tok_ret("mask128", syscall(SYS_rt_sigprocmask, SIG_BLOCK, &m, 0, 128));
	tok_ret("mask_badhow_badsize", syscall(SYS_rt_sigprocmask, 7, &m, 0, 4));
	tok_ret("suspend4", syscall(SYS_rt_sigsuspend, &m, 4));
	tok_ret("suspend_bad_badsize", syscall(SYS_rt_sigsuspend, 16, 16));
	return 0;
}
