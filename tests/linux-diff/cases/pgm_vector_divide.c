/* A vector BFP division (VFDDB) whose element 1 divides by zero, with the
 * divide mask set: vector-processing exception, VXC element 1 and VIC 2,
 * SIGFPE FPE_FLTDIV. */
#include "pgm.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	pgm_catch();
	static double v[4] __attribute__((aligned(16))) = { 1.0, 1.0, 1.0, 0.0 };
	pgm_fpc = 1;
	__asm__ volatile("sfpc %1\n"
			 "lgr %%r2,%0\n"
			 ".byte 0xe7,0x10,0x20,0x00,0x00,0x06\n" /* vl %v1,0(%r2) */
			 ".byte 0xe7,0x20,0x20,0x10,0x00,0x06\n" /* vl %v2,16(%r2) */
			 "insn: .byte 0xe7,0x01,0x20,0x00,0x30,0xe5\n" /* vfddb %v0,%v1,%v2 */
			 : : "a"(v), "d"(FPC_MASK_DIVIDE) : "r2", "f0", "f1", "f2", "memory");
	tok("returned", 1);
	return 1;
}
