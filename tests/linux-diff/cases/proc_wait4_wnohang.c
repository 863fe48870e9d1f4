/* WNOHANG: 0 while the child runs, its pid once it has exited; a
 * bad status pointer is not touched when nothing is reaped. */
#include "proc.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	volatile long *sh = shared_page();
	long pid = fork_chld();
	if (pid == 0) {
		while (sh[0] == 0)
			syscall(SYS_sched_yield);
		_exit_group(1);
	}
	wait_tok("running", pid, WNOHANG, pid);
	tok_ret("running_bad_status", syscall(SYS_wait4, pid, 8, WNOHANG, 8));
	sh[0] = 1;
	long r;
	int status = 0;
	while ((r = syscall(SYS_wait4, pid, &status, WNOHANG, 0)) == 0)
		syscall(SYS_sched_yield);
	tok("reaped_child", r == pid);
	printf("status=0x%x\n", status);
	wait_tok("after", pid, WNOHANG, pid);
	return 0;
}
