/* A branch into an unmapped page: SIGSEGV SEGV_MAPERR, si_addr the page,
 * the saved PSW at the branch target. */
#include "fault.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	unsigned long hole = map_anon(PAGE, PROT_READ | PROT_WRITE | PROT_EXEC);
	syscall(SYS_munmap, hole, PAGE);
	fault_expect("hole", hole, "hole", hole);
	fault_call(hole + 0x10);
	tok("returned", 1);
	return 1;
}
