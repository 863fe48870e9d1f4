/* Without an alternate stack, uc_stack says so: ss_sp 0, SS_DISABLE,
 * size 0; sigaltstack reports the same. */
#include "sig.h"

static void handler(int sig, siginfo_t *si, void *uc)
{
	tok("uc_ss_sp", (long)UC(uc)->uc_stack.ss_sp);
	tok("uc_ss_flags", UC(uc)->uc_stack.ss_flags);
	tok("uc_ss_size", (long)UC(uc)->uc_stack.ss_size);
	(void)sig;
	(void)si;
}

int main(int argc, char **argv)
{
	stack_t o = { (void *)1, 77, 5 };
	tok_ret("query", syscall(SYS_sigaltstack, 0, &o));
	tok("sp", (long)o.ss_sp);
	tok("flags", o.ss_flags);
	tok("size", (long)o.ss_size);
	sa_mask(SIGUSR1, handler, KSA_ONSTACK | KSA_SIGINFO, 0);
	raise_sig(SIGUSR1);
	return 0;
}
