/* An alternate stack but a handler without SA_ONSTACK: it runs on the
 * normal stack, and uc_stack still reports the alternate stack. */
#include "sig.h"

static unsigned long alt;
#define ALTSZ (4 * PAGE)

static void handler(int sig, siginfo_t *si, void *uc)
{
	unsigned long here = (unsigned long)uc;
	tok("on_alt", here >= alt && here < alt + ALTSZ);
	tok_rel("uc_ss_sp", "alt", alt, (unsigned long)UC(uc)->uc_stack.ss_sp);
	tok("uc_ss_flags", UC(uc)->uc_stack.ss_flags);
	tok("uc_ss_size", (long)UC(uc)->uc_stack.ss_size);
	(void)sig;
	(void)si;
}

int main(int argc, char **argv)
{
	alt = map_anon(ALTSZ, PROT_READ | PROT_WRITE);
	stack_t s = { .ss_sp = (void *)alt, .ss_flags = KSS_ONSTACK, .ss_size = ALTSZ };
	tok_ret("set", syscall(SYS_sigaltstack, &s, 0));
	sa_mask(SIGUSR1, handler, KSA_SIGINFO, 0);
	raise_sig(SIGUSR1);
	return 0;
}
