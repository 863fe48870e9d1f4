/* mremap with old_len 0 of a shared mapping makes a second mapping of the
 * same pages. */
#include "mem.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	long a = mmap_raw(0, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	*(volatile long *)a = 51;
	long r = mremap_raw(a, 0, PAGE, MREMAP_MAYMOVE, 0);
	tok("dup", r != a && !(r < 0 && r > -4096));
	if (r > 0) {
		tok("seen", *(volatile long *)r);
		*(volatile long *)r = 52;
		tok("back", *(volatile long *)a);
	}
	return 0;
}
