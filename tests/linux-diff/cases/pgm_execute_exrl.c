/* EXECUTE RELATIVE LONG of an EXECUTE RELATIVE LONG: execute exception,
 * SIGILL ILL_ILLOPN, the saved PSW past the outer one. */
#include "pgm.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	pgm_catch();
	__asm__ volatile("insn: exrl %%r0,1f\n"
			 "	j 2f\n"
			 "1:	exrl %%r0,1b\n"
			 "2:" : : : "memory");
	tok("returned", 1);
	return 1;
}
