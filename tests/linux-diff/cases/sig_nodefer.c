/* SA_NODEFER: the signal itself is not blocked in its handler, sa_mask
 * still is; a second one raised there runs nested at once. */
#include "sig.h"

static int depth;

static void handler(int sig)
{
	depth++;
	tok("depth", depth);
	tok_hex("mask_in", cur_mask());
	if (depth == 1)
		raise_sig(SIGUSR1);
	tok("leave", depth);
	(void)sig;
}

int main(int argc, char **argv)
{
	sa_mask(SIGUSR1, handler, KSA_NODEFER, SIGBIT(SIGUSR2));
	raise_sig(SIGUSR1);
	tok_hex("mask_after", cur_mask());
	return 0;
}
