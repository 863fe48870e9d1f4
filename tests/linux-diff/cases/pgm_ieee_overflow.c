/* BFP multiplication that overflows with the overflow mask set: data
 * exception (the instruction completes with a scaled result), SIGFPE
 * FPE_FLTOVF. */
#include "pgm.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	pgm_catch();
	pgm_fpc = 1;
	register double a __asm__("f0") = 1e300;
	register double b __asm__("f2") = 1e300;
	__asm__ volatile("sfpc %2\ninsn: mdbr %0,%1" : "+f"(a) : "f"(b), "d"(FPC_MASK_OVERFLOW) : "memory");
	tok("returned", 1);
	return 1;
}
