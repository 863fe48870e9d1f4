/* A MAP_GROWSDOWN mapping grows down when a page below it is touched. */
#include "mem.h"

static void handler(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	tok("sig", sig);
	tok("code", si->si_code);
	_exit_group(3);
}

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	unsigned long a = free_range(64 * PAGE) + 48 * PAGE;
	long m = mmap_raw(a, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_GROWSDOWN | MAP_FIXED, -1, 0);
	tok_map("map", m, a);
	ksigaction(SIGSEGV, handler, SA_SIGINFO);
	*(volatile long *)(a - 8) = 5;
	tok("below", *(volatile long *)(a - 8));
	*(volatile long *)(a - 4 * PAGE) = 6;
	tok("four_below", *(volatile long *)(a - 4 * PAGE));
	tok_access("between", a - 2 * PAGE);
	return 0;
}
