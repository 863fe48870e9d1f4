/* A branch to an address above 4 TiB: SIGSEGV
 * SEGV_MAPERR, the saved PSW at the target. */
#include "fault.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	unsigned long target = (1ul << 42) + 0x3000;
	fault_expect("target", target, "target", target);
	fault_call(target);
	tok("returned", 1);
	return 1;
}
