/* SS_AUTODISARM and an old-style handler: Linux disarms the alternate
 * stack at every delivery on it, whatever the frame (the non-rt one has no
 * uc_stack to restore it from, so it stays disarmed after sigreturn). */
#include "sig.h"

static unsigned long alt;

static void handler(int sig)
{
	stack_t o;
	syscall(SYS_sigaltstack, 0, &o);
	tok_hex("flags_in", (unsigned)o.ss_flags);
	tok("sp_in_null", o.ss_sp == 0);
	tok("size_in", (long)o.ss_size);
	unsigned long local = (unsigned long)&o;
	tok("on_alt", local >= alt && local < alt + 4 * PAGE);
	(void)sig;
}

int main(int argc, char **argv)
{
	alt = map_anon(4 * PAGE, PROT_READ | PROT_WRITE);
	stack_t s = { .ss_sp = (void *)alt, .ss_flags = KSS_AUTODISARM, .ss_size = 4 * PAGE };
	tok_ret("set", syscall(SYS_sigaltstack, &s, 0));
	sa_mask(SIGUSR1, handler, KSA_ONSTACK, 0);
	raise_sig(SIGUSR1);
	stack_t o;
	syscall(SYS_sigaltstack, 0, &o);
	tok_hex("flags_after", (unsigned)o.ss_flags);
	return 0;
}
