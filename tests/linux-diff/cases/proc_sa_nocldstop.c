/* SA_NOCLDSTOP: no SIGCHLD when a child stops (or continues), one when
 * it is killed. */
#include "proc.h"

static volatile int n, last_code;

static void handler(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	(void)sig;
	n++;
	last_code = si->si_code;
}

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	ksigaction(SIGCHLD, handler, SA_SIGINFO | SA_NOCLDSTOP);
	long pid = fork_chld();
	if (pid == 0)
		pause_forever();
	kill_tok("stop", pid, SIGSTOP);
	wait_tok("stopped", pid, WUNTRACED, pid);
	tok("count_after_stop", n);
	kill_tok("cont", pid, SIGCONT);
	wait_tok("continued", pid, WCONTINUED, pid);
	kill_tok("kill", pid, SIGKILL);
	wait_tok("killed", pid, 0, pid);
	tok("count", n);
	tok("code", last_code);
	return 0;
}
