/* BFP division by zero with every mask off: no signal, the divide-by-zero
 * flag set in the FPC. */
#include "pgm.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	pgm_catch();
	pgm_fpc = 1;
	register double a __asm__("f0") = 1.0;
	register double b __asm__("f2") = 0.0;
	__asm__ volatile("sfpc %2\ninsn: ddbr %0,%1" : "+f"(a) : "f"(b), "d"(0) : "memory");
	unsigned int fpc;
	__asm__ volatile("efpc %0" : "=d"(fpc));
	printf("fpc=%x\n", fpc);
	tok("returned", 1);
	return 0;
}
