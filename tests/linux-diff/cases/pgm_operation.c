/* An invalid two-byte opcode (0x00 0x00): SIGILL ILL_ILLOPC, si_addr at
 * the instruction, the saved PSW past it. */
#include "pgm.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	pgm_catch();
	__asm__ volatile("insn: .short 0x0000" : : : "memory");
	tok("returned", 1);
	return 1;
}
