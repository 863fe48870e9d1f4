/* rt_sigaction's signal number checks: 0, 65, negative and huge numbers
 * EINVAL; SIGKILL and SIGSTOP can be read but not set, not even to
 * SIG_DFL; 64 (the last real-time signal) is valid. */
#include "sig.h"

int main(int argc, char **argv)
{
	struct ksigaction a = { .handler = 0 }, o;
	long nums[] = { 0, 65, -1, 1L << 32 | SIGUSR1, 64 };
	const char *names[] = { "sig0", "sig65", "sigm1", "sighuge", "sig64" };
	for (int i = 0; i < 5; i++)
		tok_ret(names[i], syscall(SYS_rt_sigaction, nums[i], &a, 0, 8));
	tok_ret("kill_set", syscall(SYS_rt_sigaction, SIGKILL, &a, 0, 8));
	tok_ret("stop_set", syscall(SYS_rt_sigaction, SIGSTOP, &a, 0, 8));
	tok_ret("kill_get", syscall(SYS_rt_sigaction, SIGKILL, 0, &o, 8));
	tok_ret("sig0_get", syscall(SYS_rt_sigaction, 0, 0, &o, 8));
	tok_ret("none", syscall(SYS_rt_sigaction, SIGUSR1, 0, 0, 8));
	return 0;
}
