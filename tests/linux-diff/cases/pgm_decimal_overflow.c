/* ADD DECIMAL (AP) overflowing its first operand with the decimal-
 * overflow program mask bit set: SIGFPE FPE_INTOVF on a machine with AP;
 * QEMU 7.2 has none: SIGILL ILL_ILLOPC, the program mask kept in the
 * saved PSW. */
#include "pgm.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	pgm_catch();
	static unsigned char a[2] = { 0x99, 0x9c };
	static unsigned char b[2] = { 0x00, 0x1c };
	__asm__ volatile("spm %2\ninsn: ap 0(2,%0),0(2,%1)" : : "a"(a), "a"(b), "d"(PM_DECIMAL_OVERFLOW) : "cc", "memory");
	tok("returned", 1);
	return 1;
}
