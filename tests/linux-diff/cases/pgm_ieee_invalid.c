/* BFP 0/0 with the invalid mask set: data exception DXC 0x80, SIGFPE
 * FPE_FLTINV. */
#include "pgm.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	pgm_catch();
	pgm_fpc = 1;
	register double a __asm__("f0") = 0.0;
	register double b __asm__("f2") = 0.0;
	__asm__ volatile("sfpc %2\ninsn: ddbr %0,%1" : "+f"(a) : "f"(b), "d"(FPC_MASK_INVALID) : "memory");
	tok("returned", 1);
	return 1;
}
