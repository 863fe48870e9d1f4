/* Where the old-style frame lands: (sp - frame size) & -8 below the
 * interrupted %r15, here a misaligned one; the back chain at the frame
 * holds the interrupted %r15. */
#include "sig.h"

static unsigned long top;

void old_c(int sig, unsigned long sc)
{
	unsigned long frame = entry_regs[15];
	tok("below_sp", (long)(top - 3 - frame));
	tok("backchain_is_sp", *(unsigned long *)frame == top - 3);
	tok("sc_at", (long)(sc - frame));
	(void)sig;
	_exit_group(0);
}
ENTRY(old_handler, old_c);

int main(int argc, char **argv)
{
	unsigned long stk = map_anon(4 * PAGE, PROT_READ | PROT_WRITE);
	top = stk + 4 * PAGE;
	sa_mask(SIGILL, old_handler, 0, 0);
	__asm__ volatile("lgr %%r15,%0\n"
			 "	.word 0x0000"
			 :
			 : "a"(top - 3)
			 : "memory");
	return 1;
}
