/* With SA_NODEFER a fault in the SIGSEGV handler enters it again,
 * nested. */
#include "sig.h"

static int n;
static unsigned long hole;

static void handler(int sig, siginfo_t *si, void *uc)
{
	n++;
	tok("depth", n);
	tok_rel("addr", "hole", hole, (unsigned long)si->si_addr);
	if (n < 3)
		store_at(hole + 8L * n);
	_exit_group(0);
}

int main(int argc, char **argv)
{
	sa_mask(SIGSEGV, handler, KSA_NODEFER | KSA_SIGINFO, 0);
	hole = hole_page();
	store_at(hole);
	return 1;
}
