/* An old-style handler returns through sigreturn (119), which restores
 * the registers from sc->sregs and the mask from sc->oldmask; the
 * handler changes both to show they are read from the frame. The
 * restorer is the kernel's (no SA_RESTORER). */
#include "sig.h"

struct ksigcontext {
	unsigned long oldmask;
	unsigned long sregs;
};

extern char insn[], after[];

static void handler(int sig, struct ksigcontext *sc)
{
	unsigned long *sregs = (unsigned long *)sc->sregs;
	tok("sig", sig);
	sregs[1] = (unsigned long)after;
	sregs[2 + 8] = 4242;
	sc->oldmask |= SIGBIT(SIGUSR2) | SIGBIT(SIGKILL);
}

int main(int argc, char **argv)
{
	struct ksigaction a = { .handler = (unsigned long)handler };
	syscall(SYS_rt_sigaction, SIGILL, &a, 0, 8);
	register unsigned long r8 __asm__("r8") = 1;
	__asm__ volatile("insn: .word 0x0000\n"
			 "	lghi %0,99\n"
			 "after:"
			 : "+r"(r8)
			 :
			 : "memory");
	tok("r8", (long)r8);
	tok_hex("mask_after", cur_mask());
	return 0;
}
