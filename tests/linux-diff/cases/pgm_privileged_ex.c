/* EXECUTE of a privileged instruction: SIGILL ILL_PRVOPC, si_addr at the
 * EXECUTE. */
#include "pgm.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	pgm_catch();
	__asm__ volatile("	larl %%r1,1f\n"
			 "insn: ex %%r0,0(%%r1)\n"
			 "	j 2f\n"
			 "1:	.long 0xb20d0000\n"
			 "2:" : : : "r1", "memory");
	tok("returned", 1);
	return 1;
}
