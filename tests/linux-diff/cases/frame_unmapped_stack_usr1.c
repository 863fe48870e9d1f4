/* A signal whose frame cannot be written (%r15 in an unmapped page):
 * Linux raises SIGSEGV (SI_KERNEL) instead, which a SIGSEGV handler on
 * the alternate stack can catch. */
#include "sig.h"

static unsigned long hole;

static void segv(int sig, siginfo_t *si, void *uc)
{
	tok("segv", sig);
	tok("code", si->si_code);
	tok_rel("r15", "hole", hole, UC(uc)->uc_mcontext.gregs[15]);
	tok_hex("uc_mask", UC(uc)->uc_sigmask.__val[0]);
	_exit_group(0);
}

static void usr1(int sig)
{
	tok("usr1", sig);
}

int main(int argc, char **argv)
{
	unsigned long alt = map_anon(4 * PAGE, PROT_READ | PROT_WRITE);
	stack_t s = { .ss_sp = (void *)alt, .ss_flags = 0, .ss_size = 4 * PAGE };
	syscall(SYS_sigaltstack, &s, 0);
	sa_mask(SIGSEGV, segv, KSA_SIGINFO | KSA_ONSTACK, 0);
	sa_mask(SIGUSR1, usr1, 0, 0);
	hole = map_anon(PAGE, PROT_READ);
	syscall(SYS_munmap, hole, PAGE);
	long pid = syscall(SYS_getpid);
	register long r1 __asm__("r1") = SYS_kill;
	register long r2 __asm__("r2") = pid;
	register long r3 __asm__("r3") = SIGUSR1;
	__asm__ volatile("lgr %%r15,%3\n"
			 "	svc 0\n"
			 "	.word 0x0000"
			 : "+r"(r2)
			 : "r"(r1), "r"(r3), "a"(hole + 64)
			 : "memory");
	return 1;
}
