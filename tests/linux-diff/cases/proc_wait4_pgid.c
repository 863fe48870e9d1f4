/* wait4 by process group: 0 is the caller's group, -pgid another; a
 * child that moved to its own group is seen by -its_pgid only. */
#include "proc.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	volatile long *sh = shared_page();
	long a = fork_chld();
	if (a == 0) {
		syscall(SYS_setpgid, 0, 0);
		sh[0] = 1;
		while (sh[1] == 0)
			syscall(SYS_sched_yield);
		_exit_group(1);
	}
	while (sh[0] == 0)
		syscall(SYS_sched_yield);
	tok_ret("own_group_none", syscall(SYS_wait4, 0, 0, WNOHANG, 0));
	tok_ret("its_group_running", syscall(SYS_wait4, -a, 0, WNOHANG, 0));
	long b = fork_chld();
	if (b == 0)
		_exit_group(2);
	wait_tok("own_group", 0, 0, b);
	sh[1] = 1;
	wait_tok("its_group", -a, 0, a);
	tok_ret("gone_group", syscall(SYS_wait4, -a, 0, 0, 0));
	return 0;
}
