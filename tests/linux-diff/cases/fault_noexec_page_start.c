/* A branch to the first byte of a non-executable page (the page below is
 * executable): SIGSEGV SEGV_ACCERR; where the saved PSW and si_addr land
 * when the kernel rewinds the PSW. */
#include "fault.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	unsigned long page = map_anon(2 * PAGE, PROT_READ | PROT_WRITE | PROT_EXEC);
	*(volatile unsigned short *)(page + PAGE) = FAULT_BR14;
	syscall(SYS_mprotect, page + PAGE, PAGE, PROT_READ | PROT_WRITE);
	fault_expect("page", page + PAGE, "target", page + PAGE);
	fault_call(page + PAGE);
	tok("returned", 1);
	return 1;
}
