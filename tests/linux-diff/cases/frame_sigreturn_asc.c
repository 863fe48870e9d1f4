/* A frame that asks for the home address space: Linux turns that into
 * the primary space, and the program goes on. */
#include "sig.h"

extern char after[];
static int n;

static void handler(int sig, siginfo_t *si, void *uc)
{
	n++;
	if (n == 2) {
		tok_hex("saved", UC(uc)->uc_mcontext.psw.mask);
		_exit_group(0);
	}
	UC(uc)->uc_mcontext.psw.mask |= 3UL << 46;
	UC(uc)->uc_mcontext.psw.addr = (unsigned long)after;
	(void)sig;
	(void)si;
}

int main(int argc, char **argv)
{
	sa_mask(SIGILL, handler, KSA_SIGINFO, 0);
	__asm__ volatile(".word 0x0000\n"
			 "after:	nopr %%r7\n"
			 "	.word 0x0000"
			 :
			 :
			 : "memory");
	tok("returned", 1);
	return 1;
}
