/* rt_sigpending: blocked signals wait there, even an ignored one (a
 * blocked signal is queued whatever its action, and dropped only when
 * unblocked); sigsetsize above 8 is EINVAL, below it copies less. */
#include "sig.h"

int main(int argc, char **argv)
{
	sa_mask(SIGUSR2, (void *)SIG_IGN, 0, 0);
	set_mask(SIGBIT(SIGUSR1) | SIGBIT(SIGUSR2) | SIGBIT(SIGURG));
	raise_sig(SIGUSR1);
	raise_sig(SIGUSR2);
	raise_sig(SIGURG);
	raise_sig(SIGCHLD);
	unsigned long p = 0;
	tok_ret("pending", syscall(SYS_rt_sigpending, &p, 8));
	tok_hex("set", p);
	unsigned int small[2] = { 0xaaaaaaaa, 0xbbbbbbbb };
	tok_ret("pending4", syscall(SYS_rt_sigpending, small, 4));
	tok_hex("small0", small[0]);
	tok_hex("small1", small[1]);
	tok_ret("pending16", syscall(SYS_rt_sigpending, &p, 16));
	tok_ret("pending0", syscall(SYS_rt_sigpending, &p, 0));
	tok_ret("pending_bad", syscall(SYS_rt_sigpending, 16, 8));
	set_mask(SIGBIT(SIGUSR1));
	p = 0;
	syscall(SYS_rt_sigpending, &p, 8);
	tok_hex("after_unblock", p);
	return 0;
}
