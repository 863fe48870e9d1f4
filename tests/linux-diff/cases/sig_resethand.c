/* SA_RESETHAND: the action is back to SIG_DFL (flags cleared) once the
 * handler is entered, the signal is still blocked in it, and the next
 * one takes the default action. */
#include "sig.h"

static void handler(int sig, siginfo_t *si, void *uc)
{
	struct ksigaction old;
	kgetaction(SIGUSR1, &old);
	tok("sig", sig);
	tok("handler_now", (long)old.handler);
	tok_hex("flags_now", old.flags);
	tok_hex("mask_in", cur_mask());
	(void)si;
	(void)uc;
}

int main(int argc, char **argv)
{
	sa_mask(SIGUSR1, handler, KSA_RESETHAND | KSA_SIGINFO, 0);
	raise_sig(SIGUSR1);
	tok("second", 1);
	raise_sig(SIGUSR1);
	tok("survived", 1);
	return 0;
}
