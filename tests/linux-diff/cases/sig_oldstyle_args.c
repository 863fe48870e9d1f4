/* An old-style handler (no SA_SIGINFO) gets Linux's non-rt sigframe:
 * %r2 the signal, %r3 its sigcontext (160 bytes above the frame), and
 * for a fault %r4 the interruption code's low 7 bits (a translation
 * exception here), %r5 the translation-exception identification; the
 * frame keeps the interrupted %r2 where Linux's "signo" is. */
#include "sig.h"

static unsigned long hole;
extern char insn[];

struct ksigcontext {
	unsigned long oldmask;
	unsigned long sregs;
};

void old_c(int sig, struct ksigcontext *sc)
{
	unsigned long *sregs = (unsigned long *)sc->sregs;
	tok("r2", entry_regs[2]);
	tok("sc_minus_r15", entry_regs[3] - entry_regs[15]);
	/* Which translation exception depends on the page tables left
	 * around the hole: only its kind is compared. */
	tok("r4_translation", entry_regs[4] == 0x10 || entry_regs[4] == 0x11 ||
				      (entry_regs[4] >= 0x38 && entry_regs[4] <= 0x3b));
	tok_rel("r5_page", "hole", hole, entry_regs[5] & ~0xfffUL);
	tok_hex("r5_low", entry_regs[5] & 0xfff);
	tok_hex("oldmask", sc->oldmask);
	tok("sregs_minus_sc", (long)(sc->sregs - (unsigned long)sc));
	tok_rel("psw", "insn", (unsigned long)insn, sregs[1]);
	tok("signo", *(int *)((char *)sregs + 344));
	tok("r15_gap", (long)(sregs[2 + 15] - entry_regs[15]));
	(void)sig;
	_exit_group(0);
}
ENTRY(old_handler, old_c);

int main(int argc, char **argv)
{
	hole = map_anon(PAGE, PROT_READ);
	syscall(SYS_munmap, hole, PAGE);
	sa_mask(SIGSEGV, old_handler, 0, SIGBIT(SIGUSR2));
	set_mask(SIGBIT(SIGHUP));
	__asm__ volatile("lghi %%r2,77\n"
			 "insn: lg %%r0,0(%0)"
			 :
			 : "a"(hole + 8)
			 : "r0", "r2", "memory");
	return 1;
}
