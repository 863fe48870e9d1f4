/* COMPARE IMMEDIATE AND TRAP (equal): data exception with DXC 0xff,
 * SIGFPE with si_code 0. */
#include "pgm.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	pgm_catch();
	pgm_fpc = 1;
	__asm__ volatile("lghi %%r1,5\ninsn: cgite %%r1,5" : : : "r1", "memory");
	tok("returned", 1);
	return 1;
}
