/* mmap flags with neither MAP_SHARED nor MAP_PRIVATE: EINVAL. */
#include "mem.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	tok_map("anon", mmap_raw(0, PAGE, PROT_READ, MAP_ANONYMOUS, -1, 0), 0);
	tok_map("fixed", mmap_raw(0x10000000, PAGE, PROT_READ, MAP_ANONYMOUS | MAP_FIXED, -1, 0),
		0x10000000);
	return 0;
}
