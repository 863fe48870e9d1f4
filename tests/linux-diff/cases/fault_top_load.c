/* A load from the last page of the 64-bit address space: SIGSEGV
 * SEGV_MAPERR at that page. */
#include "fault.h"

extern char insn[];

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fault_expect("top", 0xfffffffffffff000ul, "insn", (unsigned long)insn);
	__asm__ volatile("insn: lg %%r0,0(%0)" : : "a"(0xfffffffffffffff0ul) : "r0", "memory");
	tok("returned", 1);
	return 1;
}
