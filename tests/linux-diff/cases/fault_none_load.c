/* A load from a PROT_NONE page: SIGSEGV SEGV_ACCERR at the page. */
#include "fault.h"

extern char insn[];

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	unsigned long page = map_anon(2 * PAGE, PROT_NONE);
	fault_expect("page", page, "insn", (unsigned long)insn);
	__asm__ volatile("insn: lg %%r0,0(%0)" : : "a"(page + PAGE + 0xff8) : "r0", "memory");
	tok("returned", 1);
	return 1;
}
