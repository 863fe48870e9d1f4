/* SET ADDRESS SPACE CONTROL FAST to home space in problem state: the
 * signal Linux sends for it. */
#include "pgm.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	pgm_catch();
	__asm__ volatile("insn: sacf 768" : : : "memory");
	tok("returned", 1);
	return 1;
}
