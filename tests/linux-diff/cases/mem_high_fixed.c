/* MAP_FIXED above 4 TiB (region-second tables) and above 8 PiB
 * (region-first): the address space grows; the memory works. */
#include "mem.h"

static void try(const char *name, unsigned long at)
{
	long r = mmap_raw(at, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	tok_map(name, r, at);
	if (r == (long)at) {
		*(volatile long *)at = 7;
		tok("data", *(volatile long *)at);
	}
}

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	try("tib5", 5UL << 40);
	try("pib9", 9UL << 50);
	try("e60", 1UL << 60);
	try("top", -2 * PAGE);
	return 0;
}
