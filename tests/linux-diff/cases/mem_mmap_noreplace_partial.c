/* MAP_FIXED_NOREPLACE whose range only partly overlaps a mapping:
 * EEXIST, and the free part stays free. */
#include "mem.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	unsigned long a = free_range(3 * PAGE);
	mmap_raw(a + 2 * PAGE, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	*(volatile long *)(a + 2 * PAGE) = 77;
	tok_map("noreplace", mmap_raw(a, 3 * PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0), a);
	tok_access("page0", a);
	tok("data", *(volatile long *)(a + 2 * PAGE));
	tok_map("free_part", mmap_raw(a, 2 * PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0), a);
	return 0;
}
