/* While running on the alternate stack it cannot be changed or disabled
 * (EPERM); reading it is fine. */
#include "sig.h"

static unsigned long alt;
#define ALTSZ (4 * PAGE)

static void handler(int sig)
{
	stack_t n = { .ss_sp = (void *)alt, .ss_flags = 0, .ss_size = ALTSZ / 2 };
	tok_ret("change", syscall(SYS_sigaltstack, &n, 0));
	stack_t d = { .ss_flags = KSS_DISABLE };
	tok_ret("disable", syscall(SYS_sigaltstack, &d, 0));
	stack_t o;
	tok_ret("query", syscall(SYS_sigaltstack, 0, &o));
	tok("flags", o.ss_flags);
	(void)sig;
}

int main(int argc, char **argv)
{
	alt = map_anon(ALTSZ, PROT_READ | PROT_WRITE);
	stack_t s = { .ss_sp = (void *)alt, .ss_flags = 0, .ss_size = ALTSZ };
	tok_ret("set", syscall(SYS_sigaltstack, &s, 0));
	sa_mask(SIGUSR1, handler, KSA_ONSTACK, 0);
	raise_sig(SIGUSR1);
	stack_t o;
	syscall(SYS_sigaltstack, 0, &o);
	tok("size_after", (long)o.ss_size);
	return 0;
}
