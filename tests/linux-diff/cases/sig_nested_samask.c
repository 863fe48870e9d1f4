/* Two pending signals released at once, the first one's sa_mask blocking
 * the second: the second is delivered only after the first returns. */
#include "sig.h"

static void handler(int sig)
{
	tok("enter", sig);
	tok_hex("mask_in", cur_mask());
	tok("leave", sig);
}

int main(int argc, char **argv)
{
	sa_mask(SIGUSR1, handler, 0, SIGBIT(SIGUSR2));
	sa_mask(SIGUSR2, handler, 0, 0);
	set_mask(SIGBIT(SIGUSR1) | SIGBIT(SIGUSR2));
	raise_sig(SIGUSR2);
	raise_sig(SIGUSR1);
	set_mask(0);
	tok_hex("mask_after", cur_mask());
	return 0;
}
