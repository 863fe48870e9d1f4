/* An MVC whose source runs from a readable page into a PROT_NONE one:
 * SIGSEGV SEGV_ACCERR at the second page, the saved PSW at the MVC. */
#include "fault.h"

extern char insn[];

int main(int argc, char **argv)
{
	static char dst[16];
	(void)argc;
	(void)argv;
	unsigned long page = map_anon(2 * PAGE, PROT_READ | PROT_WRITE);
	syscall(SYS_mprotect, page + PAGE, PAGE, PROT_NONE);
	fault_expect("second", page + PAGE, "insn", (unsigned long)insn);
	__asm__ volatile("insn: mvc 0(16,%0),0(%1)" : : "a"(dst), "a"(page + PAGE - 4) : "memory");
	tok("returned", 1);
	return 1;
}
