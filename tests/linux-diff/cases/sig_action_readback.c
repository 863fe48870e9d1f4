/* What rt_sigaction keeps: unknown sa_flags bits are dropped (Linux
 * keeps only the uapi flags), SIGKILL and SIGSTOP are dropped from
 * sa_mask, sa_restorer is kept. */
#include "sig.h"

static void handler(int sig)
{
	(void)sig;
}

int main(int argc, char **argv)
{
	struct ksigaction a = {
		.handler = (unsigned long)handler,
		.flags = ~0UL,
		.restorer = 0x1234,
		.mask = ~0UL,
	}, o;
	tok_ret("set", syscall(SYS_rt_sigaction, SIGUSR1, &a, 0, 8));
	tok_ret("get", syscall(SYS_rt_sigaction, SIGUSR1, 0, &o, 8));
	tok_hex("flags", o.flags);
	tok_hex("mask", o.mask);
	tok_hex("restorer", o.restorer);
	a.flags = 0x10;
	syscall(SYS_rt_sigaction, SIGUSR1, &a, 0, 8);
	syscall(SYS_rt_sigaction, SIGUSR1, 0, &o, 8);
	tok_hex("flags_unknown_only", o.flags);
	return 0;
}
