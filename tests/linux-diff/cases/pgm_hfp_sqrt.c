/* HFP square root (SQDR, four bytes) of a negative number: an HFP
 * square-root exception (SIGFPE FPE_FLTINV) where HFP exists; QEMU 7.2
 * has none: SIGILL ILL_ILLOPC four bytes on. */
#include "pgm.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	pgm_catch();
	static unsigned long x = 0, y = 0xc110000000000000ul;
	__asm__ volatile("spm %2\n"
			 "ld %%f0,0(%0)\n"
			 "ld %%f2,0(%1)\n"
			 "insn: sqdr %%f0,%%f2" : : "a"(&x), "a"(&y), "d"(0) : "f0", "f2", "cc", "memory");
	tok("returned", 1);
	return 1;
}
