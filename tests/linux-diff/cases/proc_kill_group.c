/* kill(0, sig) signals the caller's group (the caller too); kill(-pgid)
 * another group; a child that left the caller's group is not reached
 * by kill(0). */
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
	/* A group of its own, so that kill(0) reaches only this case. */
	tok_ret("setpgid", syscall(SYS_setpgid, 0, 0));
	volatile long *sh = shared_page();
	long a = fork_chld();
	if (a == 0) {
		syscall(SYS_setpgid, 0, 0);
		sh[0] = 1;
		pause_forever();
	}
	while (sh[0] == 0)
		syscall(SYS_sched_yield);
	long b = fork_chld();
	if (b == 0)
		pause_forever();
	kill_tok("own", 0, SIGUSR1);
	tok("self_got", got);
	/* b inherited the handler: it lives; a did not get it. */
	kill_tok("a_group", -a, SIGTERM);
	wait_tok("a", a, 0, a);
	kill_tok("b", b, SIGKILL);
	wait_tok("b", b, 0, b);
	return 0;
}
