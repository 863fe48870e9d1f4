/* A branch to an odd address. QEMU 7.2 does not raise the specification
 * exception the PoP asks for: it fetches from a bogus address and reports
 * a translation exception at page 0, so both kernels send SIGSEGV
 * SEGV_MAPERR with si_addr 0 and the saved PSW two bytes past the odd
 * target. Checks that the kernel reports what the machine said. */
#include "diff.h"

extern char insn[];

static void handler(int sig, siginfo_t *si, void *uc)
{
	tok("sig", sig);
	tok("code", si->si_code);
	tok_rel("addr", "null", 0, (unsigned long)si->si_addr);
	tok_rel("psw", "insn", (unsigned long)insn, uc_psw_addr(uc));
	_exit_group(0);
}

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	ksigaction(SIGILL, handler, SA_SIGINFO);
	ksigaction(SIGSEGV, handler, SA_SIGINFO);
	__asm__ volatile("	larl %%r1,insn\n"
			 "	la %%r1,1(%%r1)\n"
			 "	br %%r1\n"
			 "insn:	nopr %%r7\n" : : : "r1", "memory");
	tok("returned", 1);
	return 1;
}
