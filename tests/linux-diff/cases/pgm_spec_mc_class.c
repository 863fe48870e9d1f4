/* MONITOR CALL with a class above 15: specification exception, SIGILL
 * ILL_ILLOPN. */
#include "pgm.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	pgm_catch();
	__asm__ volatile("insn: mc 0,16" : : : "memory");
	tok("returned", 1);
	return 1;
}
