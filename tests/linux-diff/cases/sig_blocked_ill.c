/* An illegal instruction with SIGILL blocked and a handler installed:
 * forced to the default action, the task dies by SIGILL. */
#include "sig.h"

static void handler(int sig)
{
	tok("handler", sig);
	_exit_group(0);
}

int main(int argc, char **argv)
{
	sa_mask(SIGILL, handler, 0, 0);
	set_mask(SIGBIT(SIGILL));
	tok("trapping", 1);
	__asm__ volatile(".word 0x0000");
	tok("returned", 1);
	return 1;
}
