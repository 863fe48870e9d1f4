/* A fault in a SIGSEGV handler (SIGSEGV blocked there): the task dies
 * by SIGSEGV, it does not loop. */
#include "sig.h"

static int n;

static void handler(int sig)
{
	n++;
	tok("handler", n);
	store_at(16);
	tok("returned", n);
	_exit_group(0);
}

int main(int argc, char **argv)
{
	sa_mask(SIGSEGV, handler, 0, 0);
	store_at(8);
	return 1;
}
