/* rt_sigreturn with %r15 at an unmapped page: SIGSEGV SI_KERNEL, here
 * handled on the alternate stack (the normal one is gone). */
#include "sig.h"

static unsigned long hole;

static void segv(int sig, siginfo_t *si, void *uc)
{
	tok("segv", sig);
	tok("code", si->si_code);
	tok_rel("r15", "hole", hole, UC(uc)->uc_mcontext.gregs[15]);
	_exit_group(0);
}

int main(int argc, char **argv)
{
	unsigned long alt = map_anon(4 * PAGE, PROT_READ | PROT_WRITE);
	stack_t s = { .ss_sp = (void *)alt, .ss_flags = 0, .ss_size = 4 * PAGE };
	syscall(SYS_sigaltstack, &s, 0);
	sa_mask(SIGSEGV, segv, KSA_SIGINFO | KSA_ONSTACK, 0);
	hole = map_anon(PAGE, PROT_READ);
	syscall(SYS_munmap, hole, PAGE);
	__asm__ volatile("lgr %%r15,%0\n"
			 "	svc 173"
			 :
			 : "a"(hole)
			 : "memory");
	return 1;
}
