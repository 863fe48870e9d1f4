/* The stack is copied: a child's writes to a local do not reach the
 * parent's, and a deep stack page untouched before fork works in both. */
#include "proc.h"

static long deep(int n)
{
	volatile char buf[8192];
	buf[0] = (char)n;
	buf[8191] = (char)(n + 1);
	return n ? deep(n - 1) + buf[0] + buf[8191] : buf[0];
}

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	volatile long local = 100;
	volatile long *sh = shared_page();
	long pid = fork_chld();
	if (pid == 0) {
		local = 200;
		sh[0] = local;
		sh[1] = deep(20);
		_exit_group(0);
	}
	wait_tok("wait", pid, 0, pid);
	tok("child_local", sh[0]);
	tok("child_deep", sh[1]);
	tok("parent_local", local);
	tok("parent_deep", deep(20));
	return 0;
}
