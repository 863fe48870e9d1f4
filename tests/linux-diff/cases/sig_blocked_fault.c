/* A fault while its signal is blocked cannot wait: the signal is
 * unblocked and reset to the default action, and the task dies. */
#include "sig.h"

static void handler(int sig)
{
	tok("handler", sig);
	_exit_group(0);
}

int main(int argc, char **argv)
{
	sa_mask(SIGSEGV, handler, 0, 0);
	set_mask(SIGBIT(SIGSEGV));
	tok("faulting", 1);
	store_at(8);
	tok("returned", 1);
	return 1;
}
