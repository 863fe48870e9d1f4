/* An MVC whose destination runs from a writable page into an unmapped
 * one: SIGSEGV SEGV_MAPERR at the unmapped page, the saved PSW at the
 * MVC, and (as the machine did it) the first page's bytes. */
#include "fault.h"

extern char insn[];
static unsigned long page;

static void handler(int sig, siginfo_t *si, void *uc)
{
	tok("sig", sig);
	tok("code", si->si_code);
	tok_rel("addr", "hole", page + PAGE, (unsigned long)si->si_addr);
	tok_rel("psw", "insn", (unsigned long)insn, uc_psw_addr(uc));
	tok("first", *(volatile unsigned char *)(page + PAGE - 8));
	_exit_group(0);
}

int main(int argc, char **argv)
{
	static char src[16] = "0123456789abcdef";
	(void)argc;
	(void)argv;
	page = map_anon(2 * PAGE, PROT_READ | PROT_WRITE);
	syscall(SYS_munmap, page + PAGE, PAGE);
	ksigaction(SIGSEGV, handler, SA_SIGINFO);
	__asm__ volatile("insn: mvc 0(16,%0),0(%1)" : : "a"(page + PAGE - 8), "a"(src) : "memory");
	tok("returned", 1);
	return 1;
}
