/* An unaligned hint without MAP_FIXED: the mapping goes to the hint
 * rounded up to a page. */
#include "mem.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	unsigned long a = free_range(4 * PAGE);
	tok_map("hint", mmap_raw(a + 1, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), a);
	return 0;
}
