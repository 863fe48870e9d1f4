/* BFP 1/3 with the inexact mask set: SIGFPE FPE_FLTRES. */
#include "pgm.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	pgm_catch();
	pgm_fpc = 1;
	register double a __asm__("f0") = 1.0;
	register double b __asm__("f2") = 3.0;
	__asm__ volatile("sfpc %2\ninsn: ddbr %0,%1" : "+f"(a) : "f"(b), "d"(FPC_MASK_INEXACT) : "memory");
	tok("returned", 1);
	return 1;
}
