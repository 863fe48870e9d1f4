/* SIGCHLD set to SIG_IGN: children are reaped when they exit; wait4
 * blocks until they have, then -ECHILD. A child whose exit signal is
 * not SIGCHLD is not reaped so. SIG_DFL does not reap. */
#include "proc.h"

static void handler(int sig, siginfo_t *si, void *uc)
{
	(void)si;
	(void)uc;
	(void)sig;
}

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	ksigaction(SIGCHLD, (void *)SIG_IGN, 0);
	ksigaction(SIGUSR1, handler, SA_SIGINFO);
	long pid = fork_chld();
	if (pid == 0)
		_exit_group(3);
	tok_ret("wait", syscall(SYS_wait4, -1, 0, 0, 0));
	pid = fork_sig(SIGUSR1);
	if (pid == 0)
		_exit_group(4);
	wait_tok("usr1_child", pid, __WALL, pid);
	ksigaction(SIGCHLD, (void *)SIG_DFL, 0);
	pid = fork_chld();
	if (pid == 0)
		_exit_group(5);
	wait_tok("dfl", pid, 0, pid);
	return 0;
}
