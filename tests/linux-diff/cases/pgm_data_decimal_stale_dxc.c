/* A stale DXC in the FPC (0x40, set by SFPC) before CONVERT TO BINARY of
 * invalid data: the saved FPC keeps what the machine left (QEMU 7.2 has
 * no CVB: an operation exception, SIGILL ILL_ILLOPC, DXC untouched). */
#include "pgm.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	pgm_catch();
	static unsigned long bad = 0xfffffffffffffffful;
	pgm_fpc = 1;
	__asm__ volatile("sfpc %1\ninsn: cvb %%r0,0(%0)" : : "a"(&bad), "d"(0x4000) : "r0", "memory");
	tok("returned", 1);
	return 1;
}
