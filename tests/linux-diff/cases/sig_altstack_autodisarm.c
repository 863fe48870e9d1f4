/* SS_AUTODISARM: delivery on the alternate stack disarms it (the handler
 * sees SS_DISABLE), uc_stack keeps the armed stack, and rt_sigreturn
 * restores it from there. */
#include "sig.h"

static unsigned long alt;
#define ALTSZ (4 * PAGE)

static void handler(int sig, siginfo_t *si, void *uc)
{
	stack_t o;
	syscall(SYS_sigaltstack, 0, &o);
	tok_hex("flags_in", (unsigned)o.ss_flags);
	tok("sp_in", (long)o.ss_sp);
	tok("size_in", (long)o.ss_size);
	unsigned long here = (unsigned long)uc;
	tok("on_alt", here >= alt && here < alt + ALTSZ);
	tok_rel("uc_ss_sp", "alt", alt, (unsigned long)UC(uc)->uc_stack.ss_sp);
	tok_hex("uc_ss_flags", (unsigned)UC(uc)->uc_stack.ss_flags);
	tok("uc_ss_size", (long)UC(uc)->uc_stack.ss_size);
	(void)sig;
	(void)si;
}

int main(int argc, char **argv)
{
	alt = map_anon(ALTSZ, PROT_READ | PROT_WRITE);
	stack_t s = { .ss_sp = (void *)alt, .ss_flags = KSS_AUTODISARM, .ss_size = ALTSZ };
	tok_ret("set", syscall(SYS_sigaltstack, &s, 0));
	sa_mask(SIGUSR1, handler, KSA_ONSTACK | KSA_SIGINFO, 0);
	raise_sig(SIGUSR1);
	stack_t o;
	syscall(SYS_sigaltstack, 0, &o);
	tok_hex("flags_after", (unsigned)o.ss_flags);
	tok_rel("sp_after", "alt", alt, (unsigned long)o.ss_sp);
	tok("size_after", (long)o.ss_size);
	return 0;
}
