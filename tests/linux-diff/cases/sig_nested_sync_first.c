/* SIGINT and SIGSEGV pending together: Linux dequeues the synchronous
 * signals (SEGV, BUS, ILL, TRAP, FPE, SYS) first, whatever their
 * number, so SIGSEGV's frame is the lower one and SIGINT's handler runs
 * first. */
#include "sig.h"

static void handler(int sig)
{
	tok("enter", sig);
	tok("leave", sig);
}

int main(int argc, char **argv)
{
	sa_mask(SIGINT, handler, 0, 0);
	sa_mask(SIGSEGV, handler, 0, 0);
	sa_mask(SIGTERM, handler, 0, 0);
	set_mask(SIGBIT(SIGINT) | SIGBIT(SIGSEGV) | SIGBIT(SIGTERM));
	raise_sig(SIGTERM);
	raise_sig(SIGSEGV);
	raise_sig(SIGINT);
	set_mask(0);
	tok("done", 1);
	return 0;
}
