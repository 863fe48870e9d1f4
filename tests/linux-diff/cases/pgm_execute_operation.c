/* EXECUTE of an invalid opcode: operation exception, SIGILL ILL_ILLOPC
 * at the EXECUTE. */
#include "pgm.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	pgm_catch();
	__asm__ volatile("	larl %%r1,1f\n"
			 "insn: ex %%r0,0(%%r1)\n"
			 "	j 2f\n"
			 "1:	.short 0x0000\n"
			 "2:" : : : "r1", "memory");
	tok("returned", 1);
	return 1;
}
