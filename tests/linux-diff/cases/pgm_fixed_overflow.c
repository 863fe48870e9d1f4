/* ADD (AGR) overflowing with the fixed-point-overflow program mask bit
 * set: on hardware a fixed-point-overflow exception (SIGFPE FPE_INTOVF);
 * QEMU 7.2 does not raise it, so the program goes on (the kernel must not
 * turn it into anything else). */
#include "pgm.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	pgm_catch();
	__asm__ volatile("spm %0\n"
			 "llihh %%r2,0x7fff\n"
			 "oihl %%r2,0xffff\n"
			 "oilf %%r2,0xffffffff\n"
			 "lghi %%r3,1\n"
			 "insn: agr %%r2,%%r3" : : "d"(PM_FIXED_OVERFLOW) : "r2", "r3", "cc", "memory");
	tok("returned", 1);
	return 1;
}
