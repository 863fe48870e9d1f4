/* A branch to an odd address: specification exception, SIGILL
 * ILL_ILLOPN; where si_addr and the saved PSW land. */
#include "pgm.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	pgm_catch();
	__asm__ volatile("	larl %%r1,insn\n"
			 "	la %%r1,1(%%r1)\n"
			 "	br %%r1\n"
			 "insn:	nopr %%r7\n" : : : "r1", "memory");
	tok("returned", 1);
	return 1;
}
