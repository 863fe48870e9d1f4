/* A handler runs with its own signal and its sa_mask blocked; the mask
 * before delivery is back after it returns. */
#include "sig.h"

static void handler(int sig)
{
	tok("sig", sig);
	tok_hex("mask_in", cur_mask());
}

int main(int argc, char **argv)
{
	sa_mask(SIGUSR1, handler, 0, SIGBIT(SIGUSR2) | SIGBIT(SIGINT));
	tok_hex("mask_before", cur_mask());
	raise_sig(SIGUSR1);
	tok_hex("mask_after", cur_mask());
	return 0;
}
