/* Anonymous private memory written by the parent after fork: the child
 * still sees the value at fork time. */
#include "proc.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	volatile long *p = (volatile long *)map_anon(2 * PAGE, PROT_READ | PROT_WRITE);
	volatile long *sh = shared_page();
	p[0] = 5;
	long pid = fork_chld();
	if (pid == 0) {
		while (sh[0] == 0)
			syscall(SYS_sched_yield);
		sh[1] = p[0];
		sh[2] = p[512]; /* the second page, never touched before fork */
		_exit_group(0);
	}
	p[0] = 6;
	p[512] = 9;
	sh[0] = 1;
	wait_tok("wait", pid, 0, pid);
	tok("child_p0", sh[1]);
	tok("child_p512", sh[2]);
	tok("parent_p0", p[0]);
	tok("parent_p512", p[512]);
	return 0;
}
