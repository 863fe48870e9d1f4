/* mremap shrinking: the tail is unmapped, the head keeps its data. */
#include "mem.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	unsigned long a = map_anon(4 * PAGE, PROT_READ | PROT_WRITE);
	*(volatile long *)a = 21;
	tok_map("shrink", mremap_raw(a, 4 * PAGE, PAGE + 1, 0, 0), a);
	tok("data", *(volatile long *)a);
	tok_access("p1", a + PAGE);
	tok_access("p2", a + 2 * PAGE);
	tok_access("p3", a + 3 * PAGE);
	return 0;
}
