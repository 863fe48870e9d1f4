/* munmap's argument checks: length 0, unaligned start, huge length,
 * wrapping; a range with nothing mapped is fine. */
#include "mem.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	unsigned long a = map_anon(PAGE, PROT_READ);
	tok_ret("len0", syscall(SYS_munmap, a, 0));
	tok_ret("unaligned", syscall(SYS_munmap, a + 1, PAGE));
	tok_ret("huge", syscall(SYS_munmap, a, -PAGE));
	tok_ret("minus1", syscall(SYS_munmap, a, -1UL));
	tok_ret("top", syscall(SYS_munmap, -PAGE, PAGE));
	tok_ret("zero_addr", syscall(SYS_munmap, 0, PAGE));
	unsigned long f = free_range(PAGE);
	tok_ret("hole", syscall(SYS_munmap, f, PAGE));
	tok_access("still", a);
	tok_ret("unaligned_len", syscall(SYS_munmap, a, 1));
	tok_access("gone", a);
	return 0;
}
