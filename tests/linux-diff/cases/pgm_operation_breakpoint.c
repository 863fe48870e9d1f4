/* The breakpoint opcode 0x0001 in a process nobody traces: SIGILL
 * ILL_ILLOPC like any invalid opcode. */
#include "pgm.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	pgm_catch();
	__asm__ volatile("insn: .short 0x0001" : : : "memory");
	tok("returned", 1);
	return 1;
}
