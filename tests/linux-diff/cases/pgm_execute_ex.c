/* EXECUTE of an EXECUTE: execute exception, SIGILL ILL_ILLOPN, si_addr
 * at the outer EXECUTE. */
#include "pgm.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	pgm_catch();
	__asm__ volatile("	larl %%r1,1f\n"
			 "insn: ex %%r0,0(%%r1)\n"
			 "	j 2f\n"
			 "1:	ex %%r0,0(%%r1)\n"
			 "2:" : : : "r1", "memory");
	tok("returned", 1);
	return 1;
}
