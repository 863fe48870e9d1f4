/* MAP_FIXED at an unaligned address: EINVAL, nothing mapped. */
#include "mem.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	unsigned long a = free_range(2 * PAGE);
	tok_map("fixed", mmap_raw(a + 1, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0), a + 1);
	tok_map("noreplace", mmap_raw(a + 8, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0), a + 8);
	tok_access("page0", a);
	return 0;
}
