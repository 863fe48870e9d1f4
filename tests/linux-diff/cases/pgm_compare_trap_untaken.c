/* COMPARE AND TRAP whose condition is false does nothing. */
#include "pgm.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	pgm_catch();
	__asm__ volatile("lghi %%r1,5\ninsn: cgite %%r1,6\n clrt %%r1,%%r1,4" : : : "r1", "memory");
	tok("returned", 1);
	return 0;
}
