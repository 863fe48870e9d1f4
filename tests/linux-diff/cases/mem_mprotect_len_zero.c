/* mprotect with length 0 succeeds without looking at the range or prot;
 * an unaligned start is still EINVAL. */
#include "mem.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	unsigned long f = free_range(PAGE);
	tok_ret("unmapped", syscall(SYS_mprotect, f, 0, PROT_READ));
	tok_ret("bad_prot", syscall(SYS_mprotect, f, 0, 0x100));
	tok_ret("unaligned", syscall(SYS_mprotect, f + 1, 0, PROT_READ));
	return 0;
}
