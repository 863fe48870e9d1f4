/* ECHILD: no children, a pid that is not a child (the parent, itself),
 * and a grandchild, which its own parent must reap. */
#include "proc.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	tok_ret("none", syscall(SYS_wait4, -1, 0, 0, 0));
	tok_ret("parent", syscall(SYS_wait4, syscall(SYS_getppid), 0, 0, 0));
	tok_ret("self", syscall(SYS_wait4, syscall(SYS_getpid), 0, 0, 0));
	volatile long *sh = shared_page();
	long pid = fork_chld();
	if (pid == 0) {
		long g = fork_chld();
		if (g == 0)
			_exit_group(1);
		sh[0] = g;
		sh[1] = 1;
		while (sh[1] != 2)
			syscall(SYS_sched_yield);
		long r = syscall(SYS_wait4, g, 0, 0, 0);
		_exit_group(r == g ? 8 : 9);
	}
	while (sh[1] != 1)
		syscall(SYS_sched_yield);
	tok_ret("grandchild", syscall(SYS_wait4, sh[0], 0, WNOHANG, 0));
	sh[1] = 2;
	wait_tok("child", pid, 0, pid);
	return 0;
}
