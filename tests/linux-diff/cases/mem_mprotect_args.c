/* mprotect's argument checks and their order. */
#include "mem.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	unsigned long a = map_anon(PAGE, PROT_READ);
	unsigned long f = free_range(PAGE);
	tok_ret("unaligned", syscall(SYS_mprotect, a + 1, PAGE, PROT_READ));
	tok_ret("unaligned_bad_prot", syscall(SYS_mprotect, a + 1, PAGE, 0x100));
	tok_ret("wrap", syscall(SYS_mprotect, a, -PAGE, PROT_READ));
	tok_ret("wrap_bad_prot", syscall(SYS_mprotect, a, -PAGE, 0x100));
	tok_ret("unmapped", syscall(SYS_mprotect, f, PAGE, PROT_READ));
	tok_ret("unmapped_bad_prot", syscall(SYS_mprotect, f, PAGE, 0x100));
	tok_ret("top", syscall(SYS_mprotect, -PAGE, PAGE, PROT_READ));
	tok_ret("past_end", syscall(SYS_mprotect, a, 2 * PAGE, PROT_READ));
	return 0;
}
