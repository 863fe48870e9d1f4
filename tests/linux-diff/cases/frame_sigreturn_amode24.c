/* A frame that clears both addressing-mode bits (24-bit mode) with a
 * return address above 16 MiB: what the user gets for that PSW. */
#include "sig.h"

extern char after[];
static int n;

static void handler(int sig, siginfo_t *si, void *uc)
{
	n++;
	tok("n", n);
	tok("sig", sig);
	if (n == 2) {
		tok("code", si->si_code);
		tok_hex("saved", UC(uc)->uc_mcontext.psw.mask);
		tok_rel("psw", "after", (unsigned long)after, UC(uc)->uc_mcontext.psw.addr);
		_exit_group(0);
	}
	UC(uc)->uc_mcontext.psw.mask &= ~(3UL << 31);
	UC(uc)->uc_mcontext.psw.addr = (unsigned long)after;
}

int main(int argc, char **argv)
{
	sa_mask(SIGILL, handler, KSA_SIGINFO, 0);
	sa_mask(SIGSEGV, handler, KSA_SIGINFO, 0);
	__asm__ volatile(".word 0x0000\n"
			 "after:	nopr %%r7\n"
			 "	.word 0x0000"
			 :
			 :
			 : "memory");
	tok("returned", 1);
	return 1;
}
