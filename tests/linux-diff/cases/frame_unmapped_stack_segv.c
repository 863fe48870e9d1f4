/* A fault with %r15 in an unmapped page and a SIGSEGV handler on the
 * normal stack: the frame cannot be written and the task dies by
 * SIGSEGV. */
#include "sig.h"

static void segv(int sig)
{
	tok("segv", sig);
	_exit_group(0);
}

int main(int argc, char **argv)
{
	sa_mask(SIGSEGV, segv, 0, 0);
	unsigned long hole = map_anon(PAGE, PROT_READ);
	syscall(SYS_munmap, hole, PAGE);
	tok("faulting", 1);
	__asm__ volatile("lgr %%r15,%0\n"
			 "	lg %%r0,0(%%r15)"
			 :
			 : "a"(hole + 64)
			 : "r0", "memory");
	return 1;
}
