/* mremap growing a mapping in place when the pages above are free, and
 * refusing (ENOMEM) without MREMAP_MAYMOVE when they are not. */
#include "mem.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	unsigned long a = free_range(8 * PAGE);
	mmap_raw(a, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	*(volatile long *)(a + PAGE) = 11;
	tok_map("grow", mremap_raw(a, 2 * PAGE, 4 * PAGE, 0, 0), a);
	tok("data", *(volatile long *)(a + PAGE));
	*(volatile long *)(a + 3 * PAGE) = 12;
	tok("new_page", *(volatile long *)(a + 3 * PAGE));
	mmap_raw(a + 5 * PAGE, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	tok_map("blocked", mremap_raw(a, 4 * PAGE, 6 * PAGE, 0, 0), a);
	tok_access("p4", a + 4 * PAGE);
	tok_map("to_neighbour", mremap_raw(a, 4 * PAGE, 5 * PAGE, 0, 0), a);
	return 0;
}
