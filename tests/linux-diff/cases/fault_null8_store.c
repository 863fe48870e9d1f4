/* A one-byte store to address 8 (in the low-address range): SIGSEGV
 * SEGV_MAPERR, si_addr 0. */
#include "fault.h"

extern char insn[];

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fault_expect("null", 0, "insn", (unsigned long)insn);
	__asm__ volatile("lghi %%r1,8\ninsn: mvi 0(%%r1),1" : : : "r1", "memory");
	tok("returned", 1);
	return 1;
}
