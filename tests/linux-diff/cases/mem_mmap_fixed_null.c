/* MAP_FIXED at address 0 and below mmap_min_addr; MAP_FIXED wrapping
 * past the top of the address space. */
#include "mem.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	long f = MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED;
	tok_map("zero", mmap_raw(0, PAGE, PROT_READ, f, -1, 0), 0);
	tok_map("page1", mmap_raw(PAGE, PAGE, PROT_READ, f, -1, 0), PAGE);
	tok_map("wrap", mmap_raw(-PAGE, 2 * PAGE, PROT_READ, f, -1, 0), -PAGE);
	return 0;
}
