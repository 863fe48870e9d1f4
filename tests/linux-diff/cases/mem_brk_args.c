/* brk(0), brk below the start, brk to a huge value: the current break. */
#include "mem.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	unsigned long cur = syscall(SYS_brk, 0);
	tok_rel("zero", "cur", cur, syscall(SYS_brk, 0));
	tok_rel("one", "cur", cur, syscall(SYS_brk, 1));
	tok_rel("minus1", "cur", cur, syscall(SYS_brk, -1UL));
	tok_rel("top", "cur", cur, syscall(SYS_brk, 1UL << 62));
	tok_rel("unaligned_grow", "cur", cur, syscall(SYS_brk, cur + 100));
	tok_rel("after", "cur", cur, syscall(SYS_brk, 0));
	return 0;
}
