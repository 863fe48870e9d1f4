/* A store to an exec-only page: SIGSEGV SEGV_ACCERR, PSW at the store. */
#include "fault.h"

extern char insn[];

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	unsigned long page = map_anon(PAGE, PROT_EXEC);
	fault_expect("page", page, "insn", (unsigned long)insn);
	__asm__ volatile("insn: stg %%r0,0(%0)" : : "a"(page + 0x10) : "memory");
	tok("returned", 1);
	return 1;
}
