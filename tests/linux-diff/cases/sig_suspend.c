/* rt_sigsuspend: the handler of a pending blocked signal runs with the
 * temporary mask's view (plus its own), the call returns EINTR, and the
 * mask before the call is back; an unreadable mask is EFAULT. */
#include "sig.h"

static void handler(int sig)
{
	tok("handler", sig);
	tok_hex("mask_in", cur_mask());
}

int main(int argc, char **argv)
{
	sa_mask(SIGUSR1, handler, 0, SIGBIT(SIGINT));
	set_mask(SIGBIT(SIGUSR1) | SIGBIT(SIGUSR2));
	raise_sig(SIGUSR1);
	unsigned long m = SIGBIT(SIGUSR2) | SIGBIT(SIGHUP);
	tok_ret("suspend", syscall(SYS_rt_sigsuspend, &m, 8));
	tok_hex("mask_after", cur_mask());
	tok_ret("bad", syscall(SYS_rt_sigsuspend, 16, 8));
	return 0;
}
