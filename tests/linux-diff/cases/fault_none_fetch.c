/* A branch into a PROT_NONE page that held code: SIGSEGV SEGV_ACCERR,
 * the saved PSW at the target. */
#include "fault.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	unsigned long page = map_anon(PAGE, PROT_READ | PROT_WRITE | PROT_EXEC);
	*(volatile unsigned short *)page = FAULT_BR14;
	syscall(SYS_mprotect, page, PAGE, PROT_NONE);
	fault_expect("page", page, "page", page);
	fault_call(page);
	tok("returned", 1);
	return 1;
}
