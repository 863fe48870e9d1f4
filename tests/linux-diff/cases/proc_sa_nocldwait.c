/* SA_NOCLDWAIT with a handler: children are reaped when they exit, the
 * handler still runs, and wait4 waits for them all, then -ECHILD. */
#include "proc.h"

static volatile int n, code;

static void handler(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	(void)sig;
	n++;
	code = si->si_code;
}

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	ksigaction(SIGCHLD, handler, SA_SIGINFO | SA_NOCLDWAIT);
	volatile long *sh = shared_page();
	long pid = fork_chld();
	if (pid == 0) {
		while (sh[0] == 0)
			syscall(SYS_sched_yield);
		_exit_group(3);
	}
	wait_tok("running", -1, WNOHANG, pid);
	sh[0] = 1;
	tok_ret("wait", syscall(SYS_wait4, -1, 0, 0, 0));
	tok("handler_count", n);
	tok("code", code);
	tok_ret("kill_gone", syscall(SYS_kill, pid, 0));
	return 0;
}
