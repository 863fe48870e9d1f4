/* A page only read before fork (the zero page): writes after fork in
 * either process are private to it. */
#include "proc.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	volatile long *p = (volatile long *)map_anon(PAGE, PROT_READ | PROT_WRITE);
	volatile long *sh = shared_page();
	tok("before", p[3]);
	long pid = fork_chld();
	if (pid == 0) {
		long was = p[3];
		p[3] = 77;
		sh[0] = was;
		sh[1] = p[3];
		_exit_group(0);
	}
	wait_tok("wait", pid, 0, pid);
	tok("child_before", sh[0]);
	tok("child_after", sh[1]);
	tok("parent", p[3]);
	p[3] = 4;
	tok("parent_written", p[3]);
	return 0;
}
