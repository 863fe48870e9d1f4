/* A frame whose PSW mask sets bits a user may not change (PER, a storage
 * key, wait state, DAT and interruptions off, supervisor state): Linux's
 * sigreturn takes only the user bits from it and the program goes on;
 * the next fault's frame shows the mask it really ran with. */
#include "sig.h"

extern char after[], second[];
static int n;

static void handler(int sig, siginfo_t *si, void *uc)
{
	n++;
	tok("n", n);
	tok_rel("psw", "second", (unsigned long)second, UC(uc)->uc_mcontext.psw.addr);
	tok_hex("saved", UC(uc)->uc_mcontext.psw.mask);
	if (n == 2)
		_exit_group(0);
	/* PER (bit 1) on, DAT (5) off, I/O (6) and external (7) off, key 0xf,
	 * machine check (13) off, wait (14) on, problem state (15) off. */
	unsigned long m = UC(uc)->uc_mcontext.psw.mask;
	m |= 1UL << 62 | 0xfUL << 52 | 1UL << 49;
	m &= ~(1UL << 58 | 1UL << 57 | 1UL << 56 | 1UL << 50 | 1UL << 48);
	UC(uc)->uc_mcontext.psw.mask = m;
	UC(uc)->uc_mcontext.psw.addr = (unsigned long)after;
	(void)sig;
	(void)si;
}

int main(int argc, char **argv)
{
	sa_mask(SIGILL, handler, KSA_SIGINFO, 0);
	__asm__ volatile(".word 0x0000\n"
			 "after:	nopr %%r7\n"
			 "	.word 0x0000\n"
			 "second:"
			 :
			 :
			 : "memory");
	tok("returned", 1);
	return 1;
}
