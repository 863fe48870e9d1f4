/* clone with exit signal SIGCHLD: the parent's SIGCHLD handler gets
 * CLD_EXITED with the exit code, and a plain wait4 reaps the child. */
#include "proc.h"

static volatile int got, code, status, from_child;
static volatile long child;

static void handler(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	got = sig;
	code = si->si_code;
	status = si->si_status;
	from_child = si->si_pid == child;
}

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	ksigaction(SIGCHLD, handler, SA_SIGINFO);
	long pid = fork_sig(SIGCHLD);
	if (pid == 0)
		_exit_group(9);
	child = pid;
	wait_tok("wait", pid, 0, pid);
	tok("sig", got);
	tok("code", code);
	tok("si_status", status);
	tok("si_pid_is_child", from_child);
	return 0;
}
