/* A hint above 4 TiB without MAP_FIXED is honoured. */
#include "mem.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	unsigned long at = 6UL << 40;
	long r = mmap_raw(at, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	tok_map("hint", r, at);
	at = 3UL << 60;
	r = mmap_raw(at, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	tok_map("hint_r1", r, at);
	return 0;
}
