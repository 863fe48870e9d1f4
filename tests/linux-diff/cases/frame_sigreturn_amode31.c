/* A frame that clears the extended-addressing bit (31-bit mode): Linux
 * lets a user choose the addressing mode; the program resumes in 31-bit
 * mode (LA keeps 31 bits) and the next fault's frame shows the mode. */
#include "sig.h"

extern char after[];
static int n;

static void handler(int sig, siginfo_t *si, void *uc)
{
	n++;
	if (n == 2) {
		tok_hex("saved", UC(uc)->uc_mcontext.psw.mask);
		tok_hex("r1", UC(uc)->uc_mcontext.gregs[1]);
		_exit_group(0);
	}
	UC(uc)->uc_mcontext.psw.mask &= ~(1UL << 32);
	UC(uc)->uc_mcontext.psw.addr = (unsigned long)after;
	(void)sig;
	(void)si;
}

int main(int argc, char **argv)
{
	sa_mask(SIGILL, handler, KSA_SIGINFO, 0);
	__asm__ volatile(".word 0x0000\n"
			 "after:	lghi %%r1,-1\n"
			 "	la %%r1,0(%%r1)\n"
			 "	.word 0x0000"
			 :
			 :
			 : "r1", "memory");
	tok("returned", 1);
	return 1;
}
