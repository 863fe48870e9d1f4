/* A privileged instruction (PTLB) in problem state: SIGILL ILL_PRVOPC,
 * si_addr at the instruction, the saved PSW past it. */
#include "pgm.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	pgm_catch();
	__asm__ volatile("insn: .long 0xb20d0000" : : : "memory");
	tok("returned", 1);
	return 1;
}
