/* A fault whose signal is ignored kills the task (default action). */
#include "sig.h"

int main(int argc, char **argv)
{
	sa_mask(SIGSEGV, (void *)SIG_IGN, 0, 0);
	tok("faulting", 1);
	store_at(8);
	tok("returned", 1);
	return 1;
}
