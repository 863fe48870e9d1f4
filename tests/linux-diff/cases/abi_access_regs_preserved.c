/* A system call keeps all sixteen access registers. */
#include "mem.h"

extern unsigned long ar_in[16], ar_out[16], ar_save[16];
__asm__(".data\n.balign 8\n"
	".globl ar_in\nar_in: .fill 16,8,0\n"
	".globl ar_out\nar_out: .fill 16,8,0\n"
	".globl ar_save\nar_save: .fill 16,8,0\n.text\n");

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	for (int i = 0; i < 16; i++)
		ar_in[i] = 0x10203040UL + 0x01010101UL * (unsigned long)i;
	__asm__ volatile(
"	ear %%r1,%%a0\n	stgrl %%r1,ar_save+0\n"
"	ear %%r1,%%a1\n	stgrl %%r1,ar_save+8\n"
"	ear %%r1,%%a2\n	stgrl %%r1,ar_save+16\n"
"	ear %%r1,%%a3\n	stgrl %%r1,ar_save+24\n"
"	ear %%r1,%%a4\n	stgrl %%r1,ar_save+32\n"
"	ear %%r1,%%a5\n	stgrl %%r1,ar_save+40\n"
"	ear %%r1,%%a6\n	stgrl %%r1,ar_save+48\n"
"	ear %%r1,%%a7\n	stgrl %%r1,ar_save+56\n"
"	ear %%r1,%%a8\n	stgrl %%r1,ar_save+64\n"
"	ear %%r1,%%a9\n	stgrl %%r1,ar_save+72\n"
"	ear %%r1,%%a10\n	stgrl %%r1,ar_save+80\n"
"	ear %%r1,%%a11\n	stgrl %%r1,ar_save+88\n"
"	ear %%r1,%%a12\n	stgrl %%r1,ar_save+96\n"
"	ear %%r1,%%a13\n	stgrl %%r1,ar_save+104\n"
"	ear %%r1,%%a14\n	stgrl %%r1,ar_save+112\n"
"	ear %%r1,%%a15\n	stgrl %%r1,ar_save+120\n"
"	lgrl %%r1,ar_in+0\n	sar %%a0,%%r1\n"
"	lgrl %%r1,ar_in+8\n	sar %%a1,%%r1\n"
"	lgrl %%r1,ar_in+16\n	sar %%a2,%%r1\n"
"	lgrl %%r1,ar_in+24\n	sar %%a3,%%r1\n"
"	lgrl %%r1,ar_in+32\n	sar %%a4,%%r1\n"
"	lgrl %%r1,ar_in+40\n	sar %%a5,%%r1\n"
"	lgrl %%r1,ar_in+48\n	sar %%a6,%%r1\n"
"	lgrl %%r1,ar_in+56\n	sar %%a7,%%r1\n"
"	lgrl %%r1,ar_in+64\n	sar %%a8,%%r1\n"
"	lgrl %%r1,ar_in+72\n	sar %%a9,%%r1\n"
"	lgrl %%r1,ar_in+80\n	sar %%a10,%%r1\n"
"	lgrl %%r1,ar_in+88\n	sar %%a11,%%r1\n"
"	lgrl %%r1,ar_in+96\n	sar %%a12,%%r1\n"
"	lgrl %%r1,ar_in+104\n	sar %%a13,%%r1\n"
"	lgrl %%r1,ar_in+112\n	sar %%a14,%%r1\n"
"	lgrl %%r1,ar_in+120\n	sar %%a15,%%r1\n"
"	lghi %%r1,20\n	svc 0\n"
"	ear %%r1,%%a0\n	stgrl %%r1,ar_out+0\n"
"	ear %%r1,%%a1\n	stgrl %%r1,ar_out+8\n"
"	ear %%r1,%%a2\n	stgrl %%r1,ar_out+16\n"
"	ear %%r1,%%a3\n	stgrl %%r1,ar_out+24\n"
"	ear %%r1,%%a4\n	stgrl %%r1,ar_out+32\n"
"	ear %%r1,%%a5\n	stgrl %%r1,ar_out+40\n"
"	ear %%r1,%%a6\n	stgrl %%r1,ar_out+48\n"
"	ear %%r1,%%a7\n	stgrl %%r1,ar_out+56\n"
"	ear %%r1,%%a8\n	stgrl %%r1,ar_out+64\n"
"	ear %%r1,%%a9\n	stgrl %%r1,ar_out+72\n"
"	ear %%r1,%%a10\n	stgrl %%r1,ar_out+80\n"
"	ear %%r1,%%a11\n	stgrl %%r1,ar_out+88\n"
"	ear %%r1,%%a12\n	stgrl %%r1,ar_out+96\n"
"	ear %%r1,%%a13\n	stgrl %%r1,ar_out+104\n"
"	ear %%r1,%%a14\n	stgrl %%r1,ar_out+112\n"
"	ear %%r1,%%a15\n	stgrl %%r1,ar_out+120\n"
"	lgrl %%r1,ar_save+0\n	sar %%a0,%%r1\n"
"	lgrl %%r1,ar_save+8\n	sar %%a1,%%r1\n"
"	lgrl %%r1,ar_save+16\n	sar %%a2,%%r1\n"
"	lgrl %%r1,ar_save+24\n	sar %%a3,%%r1\n"
"	lgrl %%r1,ar_save+32\n	sar %%a4,%%r1\n"
"	lgrl %%r1,ar_save+40\n	sar %%a5,%%r1\n"
"	lgrl %%r1,ar_save+48\n	sar %%a6,%%r1\n"
"	lgrl %%r1,ar_save+56\n	sar %%a7,%%r1\n"
"	lgrl %%r1,ar_save+64\n	sar %%a8,%%r1\n"
"	lgrl %%r1,ar_save+72\n	sar %%a9,%%r1\n"
"	lgrl %%r1,ar_save+80\n	sar %%a10,%%r1\n"
"	lgrl %%r1,ar_save+88\n	sar %%a11,%%r1\n"
"	lgrl %%r1,ar_save+96\n	sar %%a12,%%r1\n"
"	lgrl %%r1,ar_save+104\n	sar %%a13,%%r1\n"
"	lgrl %%r1,ar_save+112\n	sar %%a14,%%r1\n"
"	lgrl %%r1,ar_save+120\n	sar %%a15,%%r1\n"
		: : : "memory", "cc", "r1", "r2");
	for (int i = 0; i < 16; i++)
		printf("a%d=%s\n", i, ar_out[i] == ar_in[i] ? "kept" : "changed");
	return 0;
}
