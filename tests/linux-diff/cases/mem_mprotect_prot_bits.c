/* mprotect's prot: PROT_SEM is accepted, other unknown bits are EINVAL,
 * GROWSDOWN and GROWSUP together are EINVAL. */
#include "mem.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	unsigned long a = map_anon(PAGE, PROT_READ | PROT_WRITE);
	tok_ret("sem", syscall(SYS_mprotect, a, PAGE, PROT_READ | 0x8));
	tok_access("after_sem", a);
	tok_ret("bit4", syscall(SYS_mprotect, a, PAGE, PROT_READ | 0x10));
	tok_ret("both_grows", syscall(SYS_mprotect, a, PAGE, PROT_READ | PROT_GROWSDOWN | PROT_GROWSUP));
	tok_ret("growsdown_not_stack", syscall(SYS_mprotect, a, PAGE, PROT_READ | PROT_GROWSDOWN));
	tok_access("end", a);
	return 0;
}
