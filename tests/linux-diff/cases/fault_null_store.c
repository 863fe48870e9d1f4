/* A store to address 0: SIGSEGV SEGV_MAPERR (user address spaces are
 * private spaces, so low-address protection does not apply). */
#include "fault.h"

extern char insn[];

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fault_expect("null", 0, "insn", (unsigned long)insn);
	__asm__ volatile("lghi %%r1,0\ninsn: stg %%r1,0(%%r1)" : : : "r1", "memory");
	tok("returned", 1);
	return 1;
}
