/* A MAP_GROWSDOWN mapping does not grow to within the stack guard gap of
 * the mapping below it: SIGSEGV. */
#include "mem.h"

static unsigned long a;

static void handler(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	tok("sig", sig);
	tok("code", si->si_code);
	tok_rel("addr", "a", a, (unsigned long)si->si_addr);
	_exit_group(3);
}

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	a = free_range(64 * PAGE) + 32 * PAGE;
	tok_map("below", mmap_raw(a - 8 * PAGE, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0), a - 8 * PAGE);
	tok_map("map", mmap_raw(a, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_GROWSDOWN | MAP_FIXED, -1, 0), a);
	ksigaction(SIGSEGV, handler, SA_SIGINFO);
	*(volatile long *)(a - 8) = 5;
	tok("grew", 1);
	return 0;
}
