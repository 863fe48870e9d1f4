/* An invalid six-byte opcode (0xff...): SIGILL ILL_ILLOPC, the saved PSW
 * six bytes on. */
#include "pgm.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	pgm_catch();
	__asm__ volatile("insn: .byte 0xff,0x00,0x00,0x00,0x00,0x00" : : : "memory");
	tok("returned", 1);
	return 1;
}
