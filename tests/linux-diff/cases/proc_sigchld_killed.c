/* SIGCHLD's siginfo for a child killed by a signal (SIGTERM, SIGSEGV):
 * CLD_KILLED (CLD_DUMPED only with a core), si_status the signal. */
#include "proc.h"

static volatile int code, status, from_child;
static volatile long child;

static void handler(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	(void)sig;
	code = si->si_code;
	status = si->si_status;
	from_child = si->si_pid == child;
}

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	ksigaction(SIGCHLD, handler, SA_SIGINFO);
	static const int sigs[] = { SIGTERM, SIGSEGV, SIGQUIT };
	for (int i = 0; i < 3; i++) {
		long pid = fork_chld();
		if (pid == 0)
			pause_forever();
		child = pid;
		kill_tok("kill", pid, sigs[i]);
		wait_tok("wait", pid, 0, pid);
		tok("code", code);
		tok("si_status", status);
		tok("si_pid_is_child", from_child);
	}
	return 0;
}
