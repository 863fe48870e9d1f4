/* mmap with lengths that round up to zero or exceed the address space. */
#include "mem.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	long f = MAP_PRIVATE | MAP_ANONYMOUS;
	tok_map("minus1", mmap_raw(0, -1UL, PROT_READ, f, -1, 0), 0);
	tok_map("minus_page", mmap_raw(0, -PAGE, PROT_READ, f, -1, 0), 0);
	long r = mmap_raw(0, 1UL << 62, PROT_READ, f, -1, 0);
	tok("two_pow62_ok", !(r < 0 && r > -4096));
	tok_map("fixed_minus_page", mmap_raw(0x10000000, -PAGE, PROT_READ, f | MAP_FIXED, -1, 0),
		0x10000000);
	return 0;
}
