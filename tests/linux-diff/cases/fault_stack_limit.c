/* Stack growth stops at RLIMIT_STACK (8 MiB): touching the stack page by
 * page downwards ends in SIGSEGV SEGV_MAPERR at the first page beyond the
 * limit, measured from the page above argv[0] (the top of the stack). The
 * handler runs on an alternate stack. */
#include "fault.h"

static unsigned long top;
static char altstack[65536];

static void handler(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	tok("sig", sig);
	tok("code", si->si_code);
	tok("below_top", (long)(top - (unsigned long)si->si_addr));
	_exit_group(0);
}

int main(int argc, char **argv)
{
	(void)argc;
	top = ((unsigned long)argv[0] + PAGE - 1) & ~(PAGE - 1);
	stack_t ss = { .ss_sp = altstack, .ss_size = sizeof altstack };
	tok_ret("sigaltstack", syscall(SYS_sigaltstack, &ss, 0));
	struct ksigaction a = {
		.handler = (unsigned long)handler,
		.flags = SA_SIGINFO | SA_ONSTACK | KSA_RESTORER,
		.restorer = (unsigned long)nolibc_restorer,
	};
	syscall(SYS_rt_sigaction, SIGSEGV, &a, 0, 8);
	unsigned long sp;
	__asm__ volatile("lgr %0,%%r15" : "=d"(sp));
	for (unsigned long p = (sp & ~(PAGE - 1)) - PAGE;; p -= PAGE)
		*(volatile char *)p = 1;
	return 1;
}
