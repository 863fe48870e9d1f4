/* mremap's argument checks, in Linux's order. */
#include "mem.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	unsigned long a = map_anon(2 * PAGE, PROT_READ | PROT_WRITE);
	unsigned long f = free_range(4 * PAGE);
	tok_map("bad_flags", mremap_raw(a, PAGE, PAGE, 8, 0), a);
	tok_map("fixed_no_maymove", mremap_raw(a, PAGE, PAGE, MREMAP_FIXED, f), a);
	tok_map("dontunmap_no_maymove", mremap_raw(a, PAGE, PAGE, MREMAP_DONTUNMAP, 0), a);
	tok_map("dontunmap_resize", mremap_raw(a, PAGE, 2 * PAGE, MREMAP_MAYMOVE | MREMAP_DONTUNMAP, 0), a);
	tok_map("unaligned", mremap_raw(a + 1, PAGE, PAGE, 0, 0), a);
	tok_map("new_len0", mremap_raw(a, PAGE, 0, 0, 0), a);
	tok_map("unmapped", mremap_raw(f, PAGE, 2 * PAGE, 0, 0), a);
	tok_map("old_len0_private", mremap_raw(a, 0, PAGE, MREMAP_MAYMOVE, 0), a);
	tok_map("beyond_vma", mremap_raw(a, 3 * PAGE, 4 * PAGE, MREMAP_MAYMOVE, 0), a);
	tok_map("same", mremap_raw(a, 2 * PAGE, 2 * PAGE, 0, 0), a);
	tok_map("fixed_overlap", mremap_raw(a, 2 * PAGE, 2 * PAGE, MREMAP_MAYMOVE | MREMAP_FIXED, a + PAGE), a);
	tok_map("fixed_unaligned", mremap_raw(a, PAGE, PAGE, MREMAP_MAYMOVE | MREMAP_FIXED, f + 1), a);
	tok_access("p0", a);
	return 0;
}
