/* A stopped task keeps other signals pending: SIGTERM does not end it
 * until SIGCONT; a handled SIGUSR1 runs after SIGCONT, first. */
#include "proc.h"

static volatile long *sh;

static void on_usr1(int sig, siginfo_t *si, void *uc)
{
	(void)si;
	(void)uc;
	sh[0] = sig;
}

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	sh = shared_page();
	long pid = fork_chld();
	if (pid == 0) {
		ksigaction(SIGUSR1, on_usr1, SA_SIGINFO);
		sh[1] = 1;
		pause_forever();
	}
	while (sh[1] == 0)
		syscall(SYS_sched_yield);
	kill_tok("stop", pid, SIGSTOP);
	wait_tok("stopped", pid, WUNTRACED, pid);
	kill_tok("usr1", pid, SIGUSR1);
	kill_tok("term", pid, SIGTERM);
	wait_tok("still_stopped", pid, WNOHANG | WUNTRACED | WCONTINUED, pid);
	tok("handler_ran", sh[0]);
	kill_tok("cont", pid, SIGCONT);
	wait_tok("ended", pid, 0, pid);
	tok("handler_ran", sh[0]);
	return 0;
}
