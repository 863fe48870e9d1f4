/* rt_sigreturn restores every general register and the mask from the
 * frame: the handler changes some, blocks SIGUSR2 and SIGKILL in
 * uc_sigmask; SIGKILL is dropped. */
#include "sig.h"

extern char after[];

static void handler(int sig, siginfo_t *si, void *uc)
{
	for (int i = 6; i <= 11; i++)
		UC(uc)->uc_mcontext.gregs[i] = 1000 + i;
	UC(uc)->uc_mcontext.gregs[0] = 500;
	UC(uc)->uc_mcontext.psw.addr = (unsigned long)after;
	UC(uc)->uc_sigmask.__val[0] |= SIGBIT(SIGUSR2) | SIGBIT(SIGKILL) | SIGBIT(SIGSTOP);
	(void)sig;
	(void)si;
}

int main(int argc, char **argv)
{
	unsigned long r[7];
	sa_mask(SIGILL, handler, KSA_SIGINFO, 0);
	__asm__ volatile("lghi %%r0,0\n"
			 "	.word 0x0000\n"
			 "after:	stmg %%r6,%%r11,0(%0)\n"
			 "	stg %%r0,48(%0)"
			 :
			 : "a"(r)
			 : "r0", "r6", "r7", "r8", "r9", "r10", "r11", "memory");
	for (int i = 0; i < 6; i++)
		tok("r", (long)r[i]);
	tok("r0", (long)r[6]);
	tok_hex("mask_after", cur_mask());
	return 0;
}
