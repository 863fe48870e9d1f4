/* The top of the user address space: which pages near 2^64 map. */
#include "mem.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	long f = MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED;
	tok_map("last", mmap_raw(-PAGE, PAGE, PROT_READ, f, -1, 0), -PAGE);
	tok_map("second_last", mmap_raw(-2 * PAGE, PAGE, PROT_READ, f, -1, 0), -2 * PAGE);
	tok_map("two_to_last", mmap_raw(-3 * PAGE, 2 * PAGE, PROT_READ, f, -1, 0), -3 * PAGE);
	tok_map("r1_edge", mmap_raw((1UL << 53) - PAGE, 2 * PAGE, PROT_READ, f, -1, 0), (1UL << 53) - PAGE);
	tok_map("r2_edge", mmap_raw((1UL << 42) - PAGE, 2 * PAGE, PROT_READ, f, -1, 0), (1UL << 42) - PAGE);
	return 0;
}
