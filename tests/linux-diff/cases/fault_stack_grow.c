/* The stack grows on demand: a store 7 MiB below the stack pointer works
 * (the stack limit is 8 MiB), and so does the page below it. */
#include "fault.h"

int main(int argc, char **argv)
{
	(void)argc;
	unsigned long top = (unsigned long)argv[0];
	fault_expect("argv0", top, "argv0", top);
	unsigned long sp;
	__asm__ volatile("lgr %0,%%r15" : "=d"(sp));
	volatile char *p = (volatile char *)(sp - (7ul << 20));
	*p = 1;
	p[-PAGE] = 2;
	tok("grown", p[0] + p[-PAGE]);
	return 0;
}
