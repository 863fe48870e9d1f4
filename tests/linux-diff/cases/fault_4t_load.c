/* A load just above 4 TiB (beyond a three-level table's reach): SIGSEGV
 * SEGV_MAPERR at that page. */
#include "fault.h"

extern char insn[];

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fault_expect("tib4", 1ul << 42, "insn", (unsigned long)insn);
	__asm__ volatile("insn: lg %%r0,0(%0)" : : "a"((1ul << 42) + 0x18) : "r0", "memory");
	tok("returned", 1);
	return 1;
}
