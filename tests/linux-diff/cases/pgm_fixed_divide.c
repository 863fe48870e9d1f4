/* DIVIDE SINGLE (DSGR) by zero: fixed-point divide exception, SIGFPE
 * FPE_INTDIV, si_addr at the instruction, the saved PSW past it. */
#include "pgm.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	pgm_catch();
	__asm__ volatile("lghi %%r3,7\nlghi %%r4,0\ninsn: dsgr %%r2,%%r4" : : : "r2", "r3", "r4", "memory");
	tok("returned", 1);
	return 1;
}
