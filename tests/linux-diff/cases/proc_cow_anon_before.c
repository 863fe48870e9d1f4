/* Anonymous private memory written before fork: the child's write is
 * its own copy; the parent keeps its value, the child sees its own. */
#include "proc.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	volatile long *p = (volatile long *)map_anon(PAGE, PROT_READ | PROT_WRITE);
	p[0] = 11;
	p[100] = 12;
	long pid = fork_chld();
	if (pid == 0) {
		int ok = p[0] == 11 && p[100] == 12;
		p[0] = 21;
		_exit_group(ok && p[0] == 21 && p[100] == 12 ? 7 : 1);
	}
	wait_tok("wait", pid, 0, pid);
	tok("p0", p[0]);
	tok("p100", p[100]);
	p[100] = 13;
	tok("p100", p[100]);
	return 0;
}
