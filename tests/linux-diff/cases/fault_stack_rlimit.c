/* With RLIMIT_STACK lowered to 256 KiB, a store 1 MiB below the stack
 * pointer is SIGSEGV SEGV_MAPERR; one 64 KiB below still grows it. */
#include "fault.h"

#include <sys/resource.h>

extern char insn[];

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	struct rlimit rl = { 256 << 10, 256 << 10 };
	tok_ret("setrlimit", syscall(SYS_setrlimit, RLIMIT_STACK, &rl));
	unsigned long sp;
	__asm__ volatile("lgr %0,%%r15" : "=d"(sp));
	*(volatile char *)(sp - (64 << 10)) = 1;
	tok("near", 1);
	unsigned long target = (sp - (1ul << 20)) & ~(PAGE - 1);
	fault_expect("target", target, "insn", (unsigned long)insn);
	__asm__ volatile("insn: mvi 0(%0),1" : : "a"(target) : "memory");
	tok("returned", 1);
	return 1;
}
