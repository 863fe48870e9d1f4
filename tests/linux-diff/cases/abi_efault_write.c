/* write with a buffer that is NULL, unmapped, or at the top of the
 * address space: EFAULT. A zero length does not look at the buffer. */
#include "mem.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	int p[2];
	syscall(SYS_pipe2, p, 0);
	unsigned long f = free_range(PAGE);
	tok_ret("null", syscall(SYS_write, p[1], 0, 1));
	tok_ret("unmapped", syscall(SYS_write, p[1], f, 1));
	tok_ret("top", syscall(SYS_write, p[1], -PAGE, 1));
	tok_ret("len0_null", syscall(SYS_write, p[1], 0, 0));
	tok_ret("badfd_null", syscall(SYS_write, 900, 0, 1));
	unsigned long a = map_anon(2 * PAGE, PROT_READ | PROT_WRITE);
	syscall(SYS_munmap, a + PAGE, PAGE);
	tok_ret("straddle", syscall(SYS_write, p[1], a + PAGE - 10, 20));
	return 0;
}
