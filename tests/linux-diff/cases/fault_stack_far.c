/* A store 64 MiB below the stack pointer, far beyond the stack limit:
 * SIGSEGV SEGV_MAPERR at that page, not a stack growth. */
#include "fault.h"

extern char insn[];

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	unsigned long sp;
	__asm__ volatile("lgr %0,%%r15" : "=d"(sp));
	unsigned long target = (sp - (64ul << 20)) & ~(PAGE - 1);
	fault_expect("target", target, "insn", (unsigned long)insn);
	__asm__ volatile("insn: mvi 0(%0),1" : : "a"(target + 0x20) : "memory");
	tok("returned", 1);
	return 1;
}
