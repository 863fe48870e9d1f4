/* An unaligned offset: EINVAL, checked before the descriptor. */
#include "mem.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	tok_map("anon", mmap_raw(0, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 1), 0);
	tok_map("badfd", mmap_raw(0, PAGE, PROT_READ, MAP_PRIVATE, -1, 100), 0);
	tok_map("len0", mmap_raw(0, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 1), 0);
	return 0;
}
