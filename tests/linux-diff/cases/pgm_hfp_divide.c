/* HFP division (DDR) by zero: an HFP-divide exception (SIGFPE FPE_FLTDIV)
 * on a machine with HFP arithmetic; QEMU 7.2 has none, so an operation
 * exception (SIGILL ILL_ILLOPC). The mapping of every HFP code is checked
 * by the host tests of arch/s390x/src/exception_signal.rs. */
#include "pgm.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	pgm_catch();
	static unsigned long x = 0x4110000000000000ul, y = 0;
	__asm__ volatile("spm %2\n"
			 "ld %%f0,0(%0)\n"
			 "ld %%f2,0(%1)\n"
			 "insn: ddr %%f0,%%f2" : : "a"(&x), "a"(&y), "d"(0) : "f0", "f2", "cc", "memory");
	tok("returned", 1);
	return 1;
}
