/* A branch into a write-only page holding code: no execute permission,
 * SIGSEGV SEGV_ACCERR (instruction-execution protection). */
#include "fault.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	unsigned long page = map_anon(PAGE, PROT_WRITE);
	*(volatile unsigned short *)(page + 0x40) = FAULT_BR14;
	fault_expect("page", page, "page", page);
	fault_call(page + 0x40);
	tok("returned", 1);
	return 1;
}
