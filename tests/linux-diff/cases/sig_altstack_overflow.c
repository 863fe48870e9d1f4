/* Handlers nesting on a small alternate stack: once a frame would not
 * fit on it, Linux refuses to build one (it would land below the stack)
 * and the task dies by SIGSEGV, although the memory below is mapped. */
#include "sig.h"

static int depth;

static void handler(int sig)
{
	depth++;
	tok("depth", depth);
	if (depth < 20)
		raise_sig(SIGUSR1);
	(void)sig;
}

int main(int argc, char **argv)
{
	unsigned long m = map_anon(16 * PAGE, PROT_READ | PROT_WRITE);
	stack_t s = { .ss_sp = (void *)(m + 12 * PAGE), .ss_flags = 0, .ss_size = 4 * PAGE };
	syscall(SYS_sigaltstack, &s, 0);
	sa_mask(SIGUSR1, handler, KSA_ONSTACK | KSA_NODEFER, 0);
	raise_sig(SIGUSR1);
	tok("returned", depth);
	return 0;
}
