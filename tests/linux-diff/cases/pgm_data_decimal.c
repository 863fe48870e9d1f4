/* CONVERT TO BINARY of invalid packed-decimal data: on a machine with
 * CVB, a data exception with DXC 0 (SIGILL ILL_ILLOPN, the FPC's DXC set
 * to 0); QEMU 7.2 has no CVB, so both kernels see an operation exception
 * (SIGILL ILL_ILLOPC) with the FPC untouched. */
#include "pgm.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	pgm_catch();
	static unsigned long bad = 0xfffffffffffffffful;
	pgm_fpc = 1;
	__asm__ volatile("insn: cvb %%r0,0(%0)" : : "a"(&bad) : "r0", "memory");
	tok("returned", 1);
	return 1;
}
