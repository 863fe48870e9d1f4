/* clone with exit signal 0: no signal at all when the child ends; only
 * __WALL (or __WCLONE) wait4 sees it. */
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
	for (int s = 1; s < 32; s++)
		if (s != SIGKILL && s != SIGSTOP)
			ksigaction(s, handler, SA_SIGINFO);
	long pid = fork_sig(0);
	if (pid == 0)
		_exit_group(4);
	wait_tok("plain_nohang", -1, WNOHANG, pid);
	wait_tok("wall", -1, __WALL, pid);
	tok("signal", got);
	wait_tok("again", -1, __WALL, pid);
	return 0;
}
