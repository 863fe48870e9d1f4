/* DIVIDE (DR) with an odd first register (r3): specification exception,
 * SIGILL ILL_ILLOPN, the saved PSW two bytes on. */
#include "pgm.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	pgm_catch();
	__asm__ volatile("lghi %%r4,1\ninsn: .short 0x1d34" : : : "r3", "r4", "memory");
	tok("returned", 1);
	return 1;
}
