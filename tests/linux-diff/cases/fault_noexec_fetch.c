/* A branch into a read-write page holding code (not executable): SIGSEGV
 * SEGV_ACCERR at the page, and the saved PSW where Linux puts it after an
 * instruction-execution-protection exception. */
#include "fault.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	unsigned long page = map_anon(2 * PAGE, PROT_READ | PROT_WRITE);
	*(volatile unsigned short *)(page + PAGE + 0x100) = FAULT_BR14;
	fault_expect("page", page + PAGE, "target", page + PAGE + 0x100);
	fault_call(page + PAGE + 0x100);
	tok("returned", 1);
	return 1;
}
