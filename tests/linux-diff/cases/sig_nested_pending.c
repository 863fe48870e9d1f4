/* Two pending signals released at once by one sigprocmask: Linux builds
 * both frames before returning to user mode, the lower signal's first,
 * so the higher one's handler runs first, nested above the other. */
#include "sig.h"

static void handler(int sig)
{
	tok("enter", sig);
	tok_hex("mask_in", cur_mask());
	tok("leave", sig);
}

int main(int argc, char **argv)
{
	sa_mask(SIGUSR1, handler, 0, 0);
	sa_mask(SIGUSR2, handler, 0, 0);
	set_mask(SIGBIT(SIGUSR1) | SIGBIT(SIGUSR2));
	raise_sig(SIGUSR2);
	raise_sig(SIGUSR1);
	set_mask(0);
	tok_hex("mask_after", cur_mask());
	return 0;
}
