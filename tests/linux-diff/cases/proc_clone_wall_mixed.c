/* Two children, one ending with SIGCHLD and one with SIGUSR2: wait4(-1)
 * reaps only the first, __WCLONE only the second, __WALL either. */
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
	ksigaction(SIGUSR2, handler, SA_SIGINFO);
	long a = fork_sig(SIGCHLD);
	if (a == 0)
		_exit_group(1);
	long b = fork_sig(SIGUSR2);
	if (b == 0)
		_exit_group(2);
	long c = fork_sig(SIGCHLD);
	if (c == 0)
		_exit_group(5);
	wait_tok("clone_b", -1, __WCLONE, b);
	wait_tok("clone_none", -1, __WCLONE | WNOHANG, b);
	wait_tok("plain_a", a, 0, a);
	wait_tok("wall_c", c, __WALL, c);
	wait_tok("none", -1, __WALL | WNOHANG, 0);
	return 0;
}
