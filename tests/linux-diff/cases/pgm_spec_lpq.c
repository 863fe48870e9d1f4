/* LOAD PAIR FROM QUADWORD from an address that is 8- but not
 * 16-aligned: specification exception, SIGILL ILL_ILLOPN. */
#include "pgm.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	pgm_catch();
	static unsigned long q[4] __attribute__((aligned(16)));
	__asm__ volatile("insn: lpq %%r4,0(%0)" : : "a"(&q[1]) : "r4", "r5", "memory");
	tok("returned", 1);
	return 1;
}
