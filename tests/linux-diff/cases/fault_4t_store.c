/* A store far above 4 TiB (1 PiB): SIGSEGV SEGV_MAPERR at that page. */
#include "fault.h"

extern char insn[];

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fault_expect("pib", 1ul << 50, "insn", (unsigned long)insn);
	__asm__ volatile("insn: stg %%r0,0(%0)" : : "a"((1ul << 50) + 0x2000) : "memory");
	tok("returned", 1);
	return 1;
}
