/* MONITOR CALL class 0 in a user process: the monitor masks are off, so
 * nothing happens and the program goes on. */
#include "pgm.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	pgm_catch();
	__asm__ volatile("insn: mc 0,0\n mc 0,15" : : : "memory");
	tok("returned", 1);
	return 0;
}
