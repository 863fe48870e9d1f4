/* mremap with MREMAP_FIXED: moves to the given address, replacing what
 * was there. */
#include "mem.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	unsigned long a = map_anon(2 * PAGE, PROT_READ | PROT_WRITE);
	unsigned long b = map_anon(3 * PAGE, PROT_READ);
	*(volatile long *)a = 41;
	*(volatile long *)(a + PAGE) = 42;
	tok_map("fixed", mremap_raw(a, 2 * PAGE, 2 * PAGE, MREMAP_MAYMOVE | MREMAP_FIXED, b), b);
	tok("d0", *(volatile long *)b);
	tok("d1", *(volatile long *)(b + PAGE));
	tok_access("b0", b);
	tok_access("b2", b + 2 * PAGE);
	tok_access("old", a);
	return 0;
}
