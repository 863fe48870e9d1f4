/* A system call keeps the sixteen floating-point registers and the
 * floating-point control register. */
#include "mem.h"

extern unsigned long fp_in[16], fp_out[16];
extern unsigned int fpc_out;
__asm__(".data\n.balign 8\n"
	".globl fp_in\nfp_in: .fill 16,8,0\n"
	".globl fp_out\nfp_out: .fill 16,8,0\n"
	".globl fpc_out\nfpc_out: .long 0\n.text\n");

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	for (int i = 0; i < 16; i++)
		fp_in[i] = 0x4000000000000000UL + 0x0000010203040506UL * (unsigned long)(i + 1);
	__asm__ volatile(
"	lgrl %%r1,fp_in+0\n	ldgr %%f0,%%r1\n"
"	lgrl %%r1,fp_in+8\n	ldgr %%f1,%%r1\n"
"	lgrl %%r1,fp_in+16\n	ldgr %%f2,%%r1\n"
"	lgrl %%r1,fp_in+24\n	ldgr %%f3,%%r1\n"
"	lgrl %%r1,fp_in+32\n	ldgr %%f4,%%r1\n"
"	lgrl %%r1,fp_in+40\n	ldgr %%f5,%%r1\n"
"	lgrl %%r1,fp_in+48\n	ldgr %%f6,%%r1\n"
"	lgrl %%r1,fp_in+56\n	ldgr %%f7,%%r1\n"
"	lgrl %%r1,fp_in+64\n	ldgr %%f8,%%r1\n"
"	lgrl %%r1,fp_in+72\n	ldgr %%f9,%%r1\n"
"	lgrl %%r1,fp_in+80\n	ldgr %%f10,%%r1\n"
"	lgrl %%r1,fp_in+88\n	ldgr %%f11,%%r1\n"
"	lgrl %%r1,fp_in+96\n	ldgr %%f12,%%r1\n"
"	lgrl %%r1,fp_in+104\n	ldgr %%f13,%%r1\n"
"	lgrl %%r1,fp_in+112\n	ldgr %%f14,%%r1\n"
"	lgrl %%r1,fp_in+120\n	ldgr %%f15,%%r1\n"
"	lghi %%r1,0x10\n	sfpc %%r1\n"
"	lghi %%r1,20\n	svc 0\n"
"	lgdr %%r1,%%f0\n	stgrl %%r1,fp_out+0\n"
"	lgdr %%r1,%%f1\n	stgrl %%r1,fp_out+8\n"
"	lgdr %%r1,%%f2\n	stgrl %%r1,fp_out+16\n"
"	lgdr %%r1,%%f3\n	stgrl %%r1,fp_out+24\n"
"	lgdr %%r1,%%f4\n	stgrl %%r1,fp_out+32\n"
"	lgdr %%r1,%%f5\n	stgrl %%r1,fp_out+40\n"
"	lgdr %%r1,%%f6\n	stgrl %%r1,fp_out+48\n"
"	lgdr %%r1,%%f7\n	stgrl %%r1,fp_out+56\n"
"	lgdr %%r1,%%f8\n	stgrl %%r1,fp_out+64\n"
"	lgdr %%r1,%%f9\n	stgrl %%r1,fp_out+72\n"
"	lgdr %%r1,%%f10\n	stgrl %%r1,fp_out+80\n"
"	lgdr %%r1,%%f11\n	stgrl %%r1,fp_out+88\n"
"	lgdr %%r1,%%f12\n	stgrl %%r1,fp_out+96\n"
"	lgdr %%r1,%%f13\n	stgrl %%r1,fp_out+104\n"
"	lgdr %%r1,%%f14\n	stgrl %%r1,fp_out+112\n"
"	lgdr %%r1,%%f15\n	stgrl %%r1,fp_out+120\n"
		"\tefpc %%r1\n\tstrl %%r1,fpc_out\n"
		"\tlghi %%r1,0\n\tsfpc %%r1\n"
		: : : "memory", "cc", "r1", "r2", "f0", "f1", "f2", "f3", "f4", "f5", "f6", "f7",
		  "f8", "f9", "f10", "f11", "f12", "f13", "f14", "f15");
	for (int i = 0; i < 16; i++)
		printf("f%d=%s\n", i, fp_out[i] == fp_in[i] ? "kept" : "changed");
	printf("fpc=%x\n", fpc_out);
	return 0;
}
