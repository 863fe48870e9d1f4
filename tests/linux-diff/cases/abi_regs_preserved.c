/* A system call changes r2 (its result) and no other general register:
 * r0, r1 (the number, with high bits set), r3-r7 (arguments) and r8-r15
 * keep their values. */
#include "mem.h"

extern unsigned long regs_in[16], regs_out[16], regs_save[16];
__asm__(".data\n.balign 8\n"
	".globl regs_in\nregs_in: .fill 16,8,0\n"
	".globl regs_out\nregs_out: .fill 16,8,0\n"
	".globl regs_save\nregs_save: .fill 16,8,0\n.text\n");

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	for (int i = 0; i < 16; i++)
		regs_in[i] = 0x0101010101010101UL * (unsigned long)(i + 1) ^ 0x00f0000000000000UL;
	regs_in[1] = 0x1234567800000000UL | 20; /* getpid */
	regs_in[15] = 0x7777777777777770UL;
	__asm__ volatile(
"	stgrl %%r0,regs_save+0\n"
"	stgrl %%r1,regs_save+8\n"
"	stgrl %%r2,regs_save+16\n"
"	stgrl %%r3,regs_save+24\n"
"	stgrl %%r4,regs_save+32\n"
"	stgrl %%r5,regs_save+40\n"
"	stgrl %%r6,regs_save+48\n"
"	stgrl %%r7,regs_save+56\n"
"	stgrl %%r8,regs_save+64\n"
"	stgrl %%r9,regs_save+72\n"
"	stgrl %%r10,regs_save+80\n"
"	stgrl %%r11,regs_save+88\n"
"	stgrl %%r12,regs_save+96\n"
"	stgrl %%r13,regs_save+104\n"
"	stgrl %%r14,regs_save+112\n"
"	stgrl %%r15,regs_save+120\n"
"	lgrl %%r0,regs_in+0\n"
"	lgrl %%r1,regs_in+8\n"
"	lgrl %%r2,regs_in+16\n"
"	lgrl %%r3,regs_in+24\n"
"	lgrl %%r4,regs_in+32\n"
"	lgrl %%r5,regs_in+40\n"
"	lgrl %%r6,regs_in+48\n"
"	lgrl %%r7,regs_in+56\n"
"	lgrl %%r8,regs_in+64\n"
"	lgrl %%r9,regs_in+72\n"
"	lgrl %%r10,regs_in+80\n"
"	lgrl %%r11,regs_in+88\n"
"	lgrl %%r12,regs_in+96\n"
"	lgrl %%r13,regs_in+104\n"
"	lgrl %%r14,regs_in+112\n"
"	lgrl %%r15,regs_in+120\n"
"	svc 0\n"
"	stgrl %%r0,regs_out+0\n"
"	stgrl %%r1,regs_out+8\n"
"	stgrl %%r2,regs_out+16\n"
"	stgrl %%r3,regs_out+24\n"
"	stgrl %%r4,regs_out+32\n"
"	stgrl %%r5,regs_out+40\n"
"	stgrl %%r6,regs_out+48\n"
"	stgrl %%r7,regs_out+56\n"
"	stgrl %%r8,regs_out+64\n"
"	stgrl %%r9,regs_out+72\n"
"	stgrl %%r10,regs_out+80\n"
"	stgrl %%r11,regs_out+88\n"
"	stgrl %%r12,regs_out+96\n"
"	stgrl %%r13,regs_out+104\n"
"	stgrl %%r14,regs_out+112\n"
"	stgrl %%r15,regs_out+120\n"
"	lgrl %%r0,regs_save+0\n"
"	lgrl %%r1,regs_save+8\n"
"	lgrl %%r2,regs_save+16\n"
"	lgrl %%r3,regs_save+24\n"
"	lgrl %%r4,regs_save+32\n"
"	lgrl %%r5,regs_save+40\n"
"	lgrl %%r6,regs_save+48\n"
"	lgrl %%r7,regs_save+56\n"
"	lgrl %%r8,regs_save+64\n"
"	lgrl %%r9,regs_save+72\n"
"	lgrl %%r10,regs_save+80\n"
"	lgrl %%r11,regs_save+88\n"
"	lgrl %%r12,regs_save+96\n"
"	lgrl %%r13,regs_save+104\n"
"	lgrl %%r14,regs_save+112\n"
"	lgrl %%r15,regs_save+120\n"
		: : : "memory", "cc");
	for (int i = 0; i < 16; i++) {
		if (i == 2)
			continue;
		printf("r%d=%s\n", i, regs_out[i] == regs_in[i] ? "kept" : "changed");
	}
	tok("r2_positive", (long)regs_out[2] > 0);
	return 0;
}
