/* MAP_SHARED|MAP_ANONYMOUS: one page both see, in both directions. */
#include "proc.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	volatile long *sh = shared_page();
	sh[5] = 1;
	long pid = fork_chld();
	if (pid == 0) {
		while (sh[0] != 1)
			syscall(SYS_sched_yield);
		sh[1] = sh[5] + 10;
		sh[0] = 2;
		_exit_group(0);
	}
	sh[5] = 2; /* after fork: the child sees it too */
	sh[0] = 1;
	while (sh[0] != 2)
		syscall(SYS_sched_yield);
	tok("child_wrote", sh[1]);
	wait_tok("wait", pid, 0, pid);
	return 0;
}
