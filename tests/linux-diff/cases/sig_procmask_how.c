/* rt_sigprocmask's how: BLOCK, UNBLOCK, SETMASK; any other how is EINVAL
 * with a set, but not checked without one; SIGKILL and SIGSTOP never
 * get blocked. */
#include "sig.h"

int main(int argc, char **argv)
{
	unsigned long s = SIGBIT(SIGUSR1) | SIGBIT(SIGKILL) | SIGBIT(SIGSTOP), o;
	tok_ret("block", syscall(SYS_rt_sigprocmask, SIG_BLOCK, &s, 0, 8));
	tok_hex("mask", cur_mask());
	s = SIGBIT(SIGUSR2);
	syscall(SYS_rt_sigprocmask, SIG_BLOCK, &s, 0, 8);
	s = SIGBIT(SIGUSR1);
	tok_ret("unblock", syscall(SYS_rt_sigprocmask, SIG_UNBLOCK, &s, &o, 8));
	tok_hex("old", o);
	tok_hex("mask", cur_mask());
	tok_ret("how3", syscall(SYS_rt_sigprocmask, 3, &s, 0, 8));
	tok_ret("how_m1", syscall(SYS_rt_sigprocmask, -1L, &s, 0, 8));
	tok_ret("how_huge", syscall(SYS_rt_sigprocmask, 1L << 32, &s, 0, 8));
	tok_ret("how3_noset", syscall(SYS_rt_sigprocmask, 3, 0, &o, 8));
	s = ~0UL;
	tok_ret("setall", syscall(SYS_rt_sigprocmask, SIG_SETMASK, &s, 0, 8));
	tok_hex("mask", cur_mask());
	return 0;
}
