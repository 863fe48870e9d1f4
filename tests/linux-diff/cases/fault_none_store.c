/* A store to a PROT_NONE page: SIGSEGV SEGV_ACCERR at the page. */
#include "fault.h"

extern char insn[];

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	unsigned long page = map_anon(PAGE, PROT_NONE);
	fault_expect("page", page, "insn", (unsigned long)insn);
	__asm__ volatile("insn: st %%r0,4(%0)" : : "a"(page) : "memory");
	tok("returned", 1);
	return 1;
}
