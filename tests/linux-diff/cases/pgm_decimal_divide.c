/* DIVIDE DECIMAL (DP) by a zero divisor: a decimal-divide exception
 * (SIGFPE FPE_INTDIV) on a machine with DP; QEMU 7.2 has none, so an
 * operation exception with a six-byte ILC (SIGILL ILL_ILLOPC). */
#include "pgm.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	pgm_catch();
	static unsigned char dividend[8] = { 0, 0, 0, 0, 0, 0, 0x12, 0x3c };
	static unsigned char divisor[2] = { 0x00, 0x0c };
	__asm__ volatile("insn: dp 0(8,%0),0(2,%1)" : : "a"(dividend), "a"(divisor) : "memory");
	tok("returned", 1);
	return 1;
}
