/* Where the rt frame lands: (sp - frame size) & -8 below the
 * interrupted %r15 (misaligned here); siginfo at +0xa8, ucontext at
 * +0x128, the back chain, uc_flags (UC_VXRS where vectors exist) and
 * uc_link. */
#include "sig.h"

static unsigned long top;

void rt_c(int sig, siginfo_t *si, void *uc)
{
	unsigned long frame = entry_regs[15];
	tok("below_sp", (long)(top - 3 - frame));
	tok("backchain_is_sp", *(unsigned long *)frame == top - 3);
	tok("info_at", (long)((unsigned long)si - frame));
	tok("uc_at", (long)((unsigned long)uc - frame));
	tok_hex("uc_flags", UC(uc)->uc_flags);
	tok("uc_link", (long)UC(uc)->uc_link);
	tok("saved_r15_ok", UC(uc)->uc_mcontext.gregs[15] == top - 3);
	(void)sig;
	_exit_group(0);
}
ENTRY(rt_handler, rt_c);

int main(int argc, char **argv)
{
	unsigned long stk = map_anon(4 * PAGE, PROT_READ | PROT_WRITE);
	top = stk + 4 * PAGE;
	sa_mask(SIGILL, rt_handler, KSA_SIGINFO, 0);
	__asm__ volatile("lgr %%r15,%0\n"
			 "	.word 0x0000"
			 :
			 : "a"(top - 3)
			 : "memory");
	return 1;
}
