/* A fault inside a SIGUSR1 handler: the SIGSEGV handler runs nested,
 * its frame saving the SIGUSR1 handler's mask. */
#include "sig.h"

static void segv(int sig, siginfo_t *si, void *uc)
{
	tok("segv", sig);
	tok("code", si->si_code);
	tok_hex("uc_mask", UC(uc)->uc_sigmask.__val[0]);
	tok_hex("mask_in", cur_mask());
	_exit_group(0);
}

static void usr1(int sig)
{
	tok("usr1", sig);
	store_at(hole_page());
}

int main(int argc, char **argv)
{
	sa_mask(SIGSEGV, segv, KSA_SIGINFO, 0);
	sa_mask(SIGUSR1, usr1, 0, SIGBIT(SIGUSR2));
	raise_sig(SIGUSR1);
	return 1;
}
