/* kill's argument checks and their order: the signal number is checked
 * against a target that exists (ESRCH before EINVAL), signal 0 only
 * checks, INT_MIN is ESRCH, arguments are ints. */
#include "proc.h"

static volatile int got;

static void handler(int sig, siginfo_t *si, void *uc)
{
	(void)si;
	(void)uc;
	got = sig;
}

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	ksigaction(SIGUSR1, handler, SA_SIGINFO);
	long me = syscall(SYS_getpid);
	kill_tok("self_0", me, 0);
	kill_tok("self_65", me, 65);
	kill_tok("self_neg", me, -1);
	/* The signal is an int: the upper half of the register is not. */
	kill_tok("self_huge", me, 0x100000000L + SIGUSR1);
	tok("got", got);
	kill_tok("none_0", 0x3fffffff, 0);
	kill_tok("none_65", 0x3fffffff, 65);
	kill_tok("group0_65", 0, 65);
	kill_tok("group0_0", 0, 0);
	kill_tok("nogroup_0", -0x3fffffff, 0);
	kill_tok("nogroup_65", -0x3fffffff, 65);
	kill_tok("int_min_0", -2147483648L, 0);
	kill_tok("int_min_65", -2147483648L, 65);
	kill_tok("upper_bits", 0x100000000L + me, 0);
	return 0;
}
