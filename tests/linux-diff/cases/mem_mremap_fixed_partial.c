/* mremap with MREMAP_FIXED whose old range spans two mappings: EFAULT,
 * but the destination has already been unmapped. */
#include "mem.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	unsigned long a = free_range(4 * PAGE);
	mmap_raw(a, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	mmap_raw(a + PAGE, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	unsigned long b = map_anon(2 * PAGE, PROT_READ);
	tok_map("fixed", mremap_raw(a, 2 * PAGE, 2 * PAGE, MREMAP_MAYMOVE | MREMAP_FIXED, b), b);
	tok_access("dest", b);
	tok_access("src", a);
	return 0;
}
