/* Shrinking the break unmaps; growing it again gives zeroed memory. */
#include "mem.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	unsigned long cur = syscall(SYS_brk, 0);
	unsigned long top = (cur + PAGE - 1) & ~(PAGE - 1);
	tok_rel("grow", "cur", cur, syscall(SYS_brk, top + 2 * PAGE));
	*(volatile long *)(top + PAGE) = 42;
	tok_rel("shrink", "cur", cur, syscall(SYS_brk, top + PAGE));
	tok_access("after_shrink", top + PAGE);
	tok_rel("regrow", "cur", cur, syscall(SYS_brk, top + 2 * PAGE));
	tok("data", *(volatile long *)(top + PAGE));
	return 0;
}
