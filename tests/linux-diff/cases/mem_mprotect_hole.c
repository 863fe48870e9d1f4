/* mprotect over a range with a hole: ENOMEM, and the part before the hole
 * has already changed. */
#include "mem.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	unsigned long a = map_anon(3 * PAGE, PROT_READ | PROT_WRITE);
	syscall(SYS_munmap, a + PAGE, PAGE);
	tok_ret("mprotect", syscall(SYS_mprotect, a, 3 * PAGE, PROT_READ));
	tok_access("p0", a);
	tok_access("p2", a + 2 * PAGE);
	unsigned long b = map_anon(2 * PAGE, PROT_READ | PROT_WRITE);
	syscall(SYS_munmap, b, PAGE);
	tok_ret("leading_hole", syscall(SYS_mprotect, b, 2 * PAGE, PROT_READ));
	tok_access("b1", b + PAGE);
	return 0;
}
