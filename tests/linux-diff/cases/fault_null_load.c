/* A load from address 0: SIGSEGV SEGV_MAPERR, si_addr 0. */
#include "fault.h"

extern char insn[];

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fault_expect("null", 0, "insn", (unsigned long)insn);
	__asm__ volatile("insn: lg %%r0,0(%0)" : : "a"(0ul) : "r0", "memory");
	tok("returned", 1);
	return 1;
}
