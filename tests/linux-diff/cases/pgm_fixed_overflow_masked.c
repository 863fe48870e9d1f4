/* The same overflowing add with the program mask bit off: no signal,
 * condition code 3. */
#include "pgm.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	pgm_catch();
	int cc;
	__asm__ volatile("llihh %%r2,0x7fff\n"
			 "oihl %%r2,0xffff\n"
			 "oilf %%r2,0xffffffff\n"
			 "lghi %%r3,1\n"
			 "insn: agr %%r2,%%r3\n"
			 "ipm %0\n"
			 "srl %0,28" : "=d"(cc) : : "r2", "r3", "cc", "memory");
	tok("cc", cc);
	return 0;
}
