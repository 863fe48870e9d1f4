/* brk that would grow over an existing mapping: refused, the old break
 * returned, the mapping's data kept. */
#include "mem.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	unsigned long cur = syscall(SYS_brk, 0);
	unsigned long top = (cur + PAGE - 1) & ~(PAGE - 1);
	long m = mmap_raw(top + 4 * PAGE, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	tok_map("map", m, top + 4 * PAGE);
	*(volatile long *)(top + 4 * PAGE) = 99;
	tok_rel("brk", "cur", cur, syscall(SYS_brk, top + 8 * PAGE));
	tok("data", *(volatile long *)(top + 4 * PAGE));
	tok_rel("brk_below", "cur", cur, syscall(SYS_brk, top + 2 * PAGE));
	tok_access("grown", top + PAGE);
	return 0;
}
