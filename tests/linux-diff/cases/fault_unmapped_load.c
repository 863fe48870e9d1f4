/* A load from an unmapped page: SIGSEGV SEGV_MAPERR, si_addr the page,
 * the saved PSW at the load. */
#include "diff.h"

static unsigned long hole;
extern char insn[];

static void handler(int sig, siginfo_t *si, void *uc)
{
	tok("sig", sig);
	tok("code", si->si_code);
	tok_rel("addr", "hole", hole, (unsigned long)si->si_addr);
	tok_rel("psw", "insn", (unsigned long)insn, uc_psw_addr(uc));
	_exit_group(0);
}

int main(int argc, char **argv)
{
	hole = map_anon(PAGE, PROT_READ);
	(void)argc;
	(void)argv;
	syscall(SYS_munmap, hole, PAGE);
	ksigaction(SIGSEGV, handler, SA_SIGINFO);
	__asm__ volatile("insn: lg %%r0,0(%0)" : : "a"(hole + 8) : "r0", "memory");
	tok("returned", 1);
	return 1;
}
