/* The brk heap is copied at fork, and the child's break is its own. */
#include "proc.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	unsigned long base = syscall(SYS_brk, 0);
	unsigned long top = syscall(SYS_brk, base + 2 * PAGE);
	tok("grown", top == base + 2 * PAGE);
	volatile long *h = (volatile long *)base;
	volatile long *sh = shared_page();
	h[0] = 1;
	long pid = fork_chld();
	if (pid == 0) {
		sh[0] = h[0];
		h[0] = 2;
		/* The child's break moves; the parent's does not. */
		sh[1] = syscall(SYS_brk, base + 8 * PAGE) == (long)(base + 8 * PAGE);
		h[1000] = 3; /* inside the child's new pages */
		sh[2] = h[1000] + h[0];
		_exit_group(0);
	}
	wait_tok("wait", pid, 0, pid);
	tok("child_saw", sh[0]);
	tok("child_grew", sh[1]);
	tok("child_sum", sh[2]);
	tok("parent_h0", h[0]);
	tok_rel("parent_brk", "base", base, syscall(SYS_brk, 0));
	return 0;
}
