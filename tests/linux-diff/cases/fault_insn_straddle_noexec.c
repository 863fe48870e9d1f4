/* A six-byte instruction whose first halfword ends an executable page and
 * whose rest lies on a readable, non-executable page: SIGSEGV
 * SEGV_ACCERR, and where the kernel puts si_addr and the saved PSW. */
#include "fault.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	unsigned long page = map_anon(2 * PAGE, PROT_READ | PROT_WRITE | PROT_EXEC);
	unsigned long at = page + PAGE - 2;
	*(volatile unsigned short *)at = 0xc001;
	*(volatile unsigned int *)(page + PAGE) = 0;
	*(volatile unsigned short *)(page + PAGE + 4) = FAULT_BR14;
	syscall(SYS_mprotect, page + PAGE, PAGE, PROT_READ);
	fault_expect("second", page + PAGE, "insn", at);
	fault_call(at);
	tok("returned", 1);
	return 1;
}
