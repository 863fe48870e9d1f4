/* A store to an unmapped page: SIGSEGV SEGV_MAPERR, si_addr the page,
 * the saved PSW at the store (translation exceptions nullify). */
#include "fault.h"

extern char insn[];

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	unsigned long hole = map_anon(PAGE, PROT_READ | PROT_WRITE);
	syscall(SYS_munmap, hole, PAGE);
	fault_expect("hole", hole, "insn", (unsigned long)insn);
	__asm__ volatile("insn: stg %%r0,0x100(%0)" : : "a"(hole) : "memory");
	tok("returned", 1);
	return 1;
}
