/* brk keeps a page free below the next mapping: growing the break to the
 * very start of a mapping is refused. */
#include "mem.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	unsigned long cur = syscall(SYS_brk, 0);
	unsigned long top = (cur + PAGE - 1) & ~(PAGE - 1);
	long m = mmap_raw(top + 4 * PAGE, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	tok_map("map", m, top + 4 * PAGE);
	tok_rel("to_start", "cur", cur, syscall(SYS_brk, top + 4 * PAGE));
	tok_rel("one_below", "cur", cur, syscall(SYS_brk, top + 3 * PAGE));
	tok_rel("partial", "cur", cur, syscall(SYS_brk, top + 3 * PAGE + 1));
	return 0;
}
