/* A frame with an invalid floating-point-control word: Linux's
 * rt_sigreturn has already restored the frame's signal mask when it
 * finds the FPC bad, then raises SIGSEGV (SI_KERNEL); the SIGSEGV
 * handler's frame saves that mask. */
#include "sig.h"

static void segv(int sig, siginfo_t *si, void *uc)
{
	tok("segv", sig);
	tok("code", si->si_code);
	tok("addr", (long)si->si_addr);
	tok_hex("uc_mask", UC(uc)->uc_sigmask.__val[0]);
	_exit_group(0);
}

static void ill(int sig, siginfo_t *si, void *uc)
{
	tok("ill", sig);
	UC(uc)->uc_mcontext.fpregs.fpc = 0xffffffff;
	UC(uc)->uc_sigmask.__val[0] = SIGBIT(SIGUSR2);
	(void)si;
}

int main(int argc, char **argv)
{
	sa_mask(SIGSEGV, segv, KSA_SIGINFO, 0);
	sa_mask(SIGILL, ill, KSA_SIGINFO, 0);
	__asm__ volatile(".word 0x0000" : : : "memory");
	tok("returned", 1);
	return 1;
}
