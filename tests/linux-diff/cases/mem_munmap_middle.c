/* munmap of the middle page of three: the outer pages keep their data. */
#include "mem.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	unsigned long a = map_anon(3 * PAGE, PROT_READ | PROT_WRITE);
	for (int i = 0; i < 3; i++)
		*(volatile long *)(a + i * PAGE) = 10 + i;
	tok_ret("munmap", syscall(SYS_munmap, a + PAGE, PAGE));
	tok("p0", *(volatile long *)a);
	tok_access("p1", a + PAGE);
	tok("p2", *(volatile long *)(a + 2 * PAGE));
	return 0;
}
