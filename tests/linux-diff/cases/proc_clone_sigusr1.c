/* clone with exit signal SIGUSR1: the parent gets SIGUSR1 (CLD_EXITED),
 * not SIGCHLD; wait4 without __WCLONE/__WALL does not see the child
 * (ECHILD), with __WCLONE it reaps it. */
#include "proc.h"

static volatile int got, code, status, chld;

static void handler(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	got = sig;
	code = si->si_code;
	status = si->si_status;
}

static void on_chld(int sig, siginfo_t *si, void *uc)
{
	(void)si;
	(void)uc;
	chld = sig;
}

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	ksigaction(SIGUSR1, handler, SA_SIGINFO);
	ksigaction(SIGCHLD, on_chld, SA_SIGINFO);
	long pid = fork_sig(SIGUSR1);
	if (pid == 0)
		_exit_group(3);
	wait_tok("plain", pid, 0, pid);
	wait_tok("any", -1, WNOHANG, pid);
	/* Now wait for it, as __WCLONE allows. */
	wait_tok("wclone", pid, __WCLONE, pid);
	tok("sig", got);
	tok("code", code);
	tok("si_status", status);
	tok("sigchld", chld);
	return 0;
}
