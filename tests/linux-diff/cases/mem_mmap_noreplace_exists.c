/* MAP_FIXED_NOREPLACE over an existing mapping: EEXIST, the old data
 * stays. */
#include "mem.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	unsigned long a = map_anon(PAGE, PROT_READ | PROT_WRITE);
	*(volatile long *)a = 0x1234;
	tok_map("noreplace", mmap_raw(a, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0), a);
	tok("data", *(volatile long *)a);
	tok_access("access", a);
	return 0;
}
