/* A store to a read-only page: SIGSEGV SEGV_ACCERR, si_addr the page, the
 * saved PSW at the store (the protection exception suppresses and the
 * kernel rewinds it), and the page's data unchanged. */
#include "fault.h"

extern char insn[];

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	unsigned long page = map_anon(PAGE, PROT_READ);
	fault_expect("page", page, "insn", (unsigned long)insn);
	__asm__ volatile("insn: mvi 0x123(%0),0x55" : : "a"(page) : "memory");
	tok("returned", 1);
	return 1;
}
