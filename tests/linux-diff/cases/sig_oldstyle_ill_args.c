/* An old-style SIGILL handler for an operation exception: %r4 is the
 * program-interruption code (1), the frame's PSW is past the
 * instruction, and SIGILL's own handler mask is in force. */
#include "sig.h"

extern char insn[];

struct ksigcontext {
	unsigned long oldmask;
	unsigned long sregs;
};

void old_c(int sig, struct ksigcontext *sc)
{
	unsigned long *sregs = (unsigned long *)sc->sregs;
	tok("r2", entry_regs[2]);
	tok_hex("r4", entry_regs[4]);
	tok_rel("psw", "insn", (unsigned long)insn, sregs[1]);
	tok_hex("saved_mask", sregs[0]);
	tok_hex("mask_in", cur_mask());
	(void)sig;
	_exit_group(0);
}
ENTRY(old_handler, old_c);

int main(int argc, char **argv)
{
	sa_mask(SIGILL, old_handler, 0, SIGBIT(SIGALRM));
	__asm__ volatile("insn: .word 0x0000" : : : "memory");
	return 1;
}
