/* A six-byte instruction whose first halfword ends an executable page and
 * whose rest lies on an unmapped page: SIGSEGV SEGV_MAPERR at the second
 * page, the saved PSW at the instruction. */
#include "fault.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	unsigned long page = map_anon(2 * PAGE, PROT_READ | PROT_WRITE | PROT_EXEC);
	/* lgfi %r0,0 (C0 01 00000000) at the last halfword of the page. */
	unsigned long at = page + PAGE - 2;
	*(volatile unsigned short *)at = 0xc001;
	syscall(SYS_munmap, page + PAGE, PAGE);
	fault_expect("second", page + PAGE, "insn", at);
	fault_call(at);
	tok("returned", 1);
	return 1;
}
