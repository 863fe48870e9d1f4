/* mremap with MREMAP_MAYMOVE when growing in place is blocked: the pages
 * move, with their data, and the old range is unmapped. */
#include "mem.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	unsigned long a = free_range(8 * PAGE);
	mmap_raw(a, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	mmap_raw(a + 2 * PAGE, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	*(volatile long *)a = 31;
	*(volatile long *)(a + PAGE) = 32;
	long r = mremap_raw(a, 2 * PAGE, 8 * PAGE, MREMAP_MAYMOVE, 0);
	tok("moved", r != (long)a && !(r < 0 && r > -4096));
	tok("d0", *(volatile long *)r);
	tok("d1", *(volatile long *)(r + PAGE));
	tok("d7", *(volatile long *)(r + 7 * PAGE));
	tok_access("old0", a);
	tok_access("new_end", r + 7 * PAGE);
	tok_access("blocker", a + 2 * PAGE);
	return 0;
}
