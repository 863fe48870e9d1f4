/* rt_sigreturn restores the condition code and program mask a handler
 * wrote into the frame. */
#include "sig.h"

extern char after[];

static void handler(int sig, siginfo_t *si, void *uc)
{
	unsigned long m = UC(uc)->uc_mcontext.psw.mask;
	m &= ~(0x3fUL << 40);
	m |= (2UL << 44) | (0x8UL << 40); /* cc 2, fixed-point overflow on */
	UC(uc)->uc_mcontext.psw.mask = m;
	UC(uc)->uc_mcontext.psw.addr = (unsigned long)after;
	(void)sig;
	(void)si;
}

int main(int argc, char **argv)
{
	unsigned long ipm;
	sa_mask(SIGILL, handler, KSA_SIGINFO, 0);
	__asm__ volatile("cr %%r0,%%r0\n"
			 "	.word 0x0000\n"
			 "after:	ipm %0"
			 : "=d"(ipm)
			 :
			 : "cc", "memory");
	tok_hex("ipm", (ipm >> 24) & 0xff);
	/* Program mask back to 0 for the rest of the program. */
	__asm__ volatile("lhi %%r0,0\n	spm %%r0" : : : "r0");
	return 0;
}
