/* DIVIDE SINGLE of INT64_MIN by -1: fixed-point divide exception, SIGFPE
 * FPE_INTDIV. */
#include "pgm.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	pgm_catch();
	__asm__ volatile("llihh %%r3,0x8000\nlghi %%r4,-1\ninsn: dsgr %%r2,%%r4" : : : "r2", "r3", "r4", "memory");
	tok("returned", 1);
	return 1;
}
