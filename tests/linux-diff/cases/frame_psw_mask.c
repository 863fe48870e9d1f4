/* The PSW mask saved in the frame: Linux's user bits with the
 * interrupted condition code and program mask; and the handler is
 * entered with that condition code and program mask still in force
 * (Linux changes only the addressing and address-space bits). */
#include "sig.h"

static unsigned long saved_mask;

void rt_c(int sig, siginfo_t *si, void *uc)
{
	tok_hex("saved", UC(uc)->uc_mcontext.psw.mask);
	tok_hex("entry_ipm", (entry_regs[0] >> 24) & 0xff);
	(void)sig;
	(void)si;
	_exit_group(0);
}
ENTRY(rt_handler, rt_c);

int main(int argc, char **argv)
{
	sa_mask(SIGILL, rt_handler, KSA_SIGINFO, 0);
	/* cc 3 (tm of all ones), program mask 0xc (fixed-point overflow and
	 * decimal overflow enabled). */
	__asm__ volatile("lhi %%r0,0x0c00\n"
			 "	sll %%r0,16\n"
			 "	spm %%r0\n"
			 "	tmll %0,0xffff\n"
			 "	.word 0x0000"
			 :
			 : "d"(0xffffUL)
			 : "r0", "cc", "memory");
	(void)saved_mask;
	return 1;
}
