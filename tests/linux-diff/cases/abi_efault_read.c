/* read into a buffer that is NULL, unmapped or read-only: EFAULT, and a
 * read that crosses into an unmapped page returns what fitted. */
#include "mem.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	int p[2];
	syscall(SYS_pipe2, p, 0);
	unsigned long f = free_range(PAGE);
	unsigned long ro = map_anon(PAGE, PROT_READ);
	syscall(SYS_write, p[1], "abcdefghijklmnopqrstuvwxyz", 26);
	tok_ret("null", syscall(SYS_read, p[0], 0, 1));
	tok_ret("unmapped", syscall(SYS_read, p[0], f, 1));
	tok_ret("readonly", syscall(SYS_read, p[0], ro, 1));
	tok_ret("top", syscall(SYS_read, p[0], -PAGE, 1));
	unsigned long a = map_anon(2 * PAGE, PROT_READ | PROT_WRITE);
	syscall(SYS_munmap, a + PAGE, PAGE);
	tok_ret("straddle", syscall(SYS_read, p[0], a + PAGE - 10, 20));
	tok_ret("rest", syscall(SYS_read, p[0], a, 26));
	return 0;
}
