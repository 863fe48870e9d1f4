/* SA_ONSTACK with an alternate stack: the frame is at the top of it,
 * sigaltstack reports SS_ONSTACK there, and uc_stack holds the stack as
 * set (Linux writes the task's sas_ss_flags, 0 here). */
#include "sig.h"

static unsigned long alt;
#define ALTSZ (4 * PAGE)

static void handler(int sig, siginfo_t *si, void *uc)
{
	stack_t o;
	syscall(SYS_sigaltstack, 0, &o);
	tok("flags_in", o.ss_flags);
	tok_rel("uc", "alt_top", alt + ALTSZ, (unsigned long)uc);
	tok_rel("uc_ss_sp", "alt", alt, (unsigned long)UC(uc)->uc_stack.ss_sp);
	tok("uc_ss_flags", UC(uc)->uc_stack.ss_flags);
	tok("uc_ss_size", (long)UC(uc)->uc_stack.ss_size);
	(void)sig;
	(void)si;
}

int main(int argc, char **argv)
{
	alt = map_anon(ALTSZ, PROT_READ | PROT_WRITE);
	stack_t s = { .ss_sp = (void *)alt, .ss_flags = 0, .ss_size = ALTSZ };
	tok_ret("set", syscall(SYS_sigaltstack, &s, 0));
	sa_mask(SIGUSR1, handler, KSA_ONSTACK | KSA_SIGINFO, 0);
	raise_sig(SIGUSR1);
	stack_t o;
	syscall(SYS_sigaltstack, 0, &o);
	tok("flags_after", o.ss_flags);
	return 0;
}
