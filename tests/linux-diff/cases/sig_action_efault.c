/* rt_sigaction's pointers: an unreadable act is EFAULT with nothing
 * changed; an unwritable oldact is EFAULT after the new action is
 * installed. */
#include "sig.h"

static void handler(int sig)
{
	(void)sig;
}

int main(int argc, char **argv)
{
	struct ksigaction a = { .handler = (unsigned long)handler }, o;
	tok_ret("bad_act", syscall(SYS_rt_sigaction, SIGUSR1, 16, 0, 8));
	tok_ret("bad_act_high", syscall(SYS_rt_sigaction, SIGUSR1, -8L, 0, 8));
	kgetaction(SIGUSR1, &o);
	tok("still_dfl", o.handler == 0);
	tok_ret("bad_oldact", syscall(SYS_rt_sigaction, SIGUSR1, &a, 16, 8));
	kgetaction(SIGUSR1, &o);
	tok("installed", o.handler == (unsigned long)handler);
	tok_ret("bad_sig_bad_act", syscall(SYS_rt_sigaction, 0, 16, 0, 8));
	return 0;
}
