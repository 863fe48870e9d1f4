/*
 * What the sig_ and frame_ cases share: raw rt_sigaction with a mask,
 * the current mask, a signal to oneself, and an assembler handler entry
 * that records the registers a handler is entered with (before any
 * compiled code changes them).
 */
#ifndef SIG_H
#define SIG_H

#include "diff.h"

#define KSA_NODEFER 0x40000000UL
#define KSA_RESETHAND 0x80000000UL
#define KSA_ONSTACK 0x08000000UL
#define KSA_SIGINFO 4UL
#define KSS_ONSTACK 1
#define KSS_DISABLE 2
#define KSS_AUTODISARM (1U << 31)
#define SIGBIT(s) (1UL << ((s) - 1))

/* The return path of an old-style handler (its frame is the non-rt
 * one): sigreturn, as glibc's restorer for handlers without SA_SIGINFO. */
__asm__(".text\n"
	".globl sig_old_restorer\n"
	"sig_old_restorer:\n"
	"	svc 119\n");
void sig_old_restorer(void);

/* rt_sigaction with a handler mask, returning through the restorer that
 * matches the frame: rt_sigreturn for SA_SIGINFO, sigreturn otherwise. */
NOLIBC_FN long sa_mask(int sig, void *handler, unsigned long flags, unsigned long mask)
{
	struct ksigaction a = {
		.handler = (unsigned long)handler,
		.flags = flags | KSA_RESTORER,
		.restorer = (unsigned long)(flags & KSA_SIGINFO ? nolibc_restorer : sig_old_restorer),
		.mask = mask,
	};
	return syscall(SYS_rt_sigaction, sig, &a, 0, 8);
}

/* The blocked mask now. */
NOLIBC_FN unsigned long cur_mask(void)
{
	unsigned long m = 0;
	syscall(SYS_rt_sigprocmask, SIG_BLOCK, 0, &m, 8);
	return m;
}

NOLIBC_FN void set_mask(unsigned long m)
{
	syscall(SYS_rt_sigprocmask, SIG_SETMASK, &m, 0, 8);
}

NOLIBC_FN void tok_hex(const char *key, unsigned long v)
{
	printf("%s=0x%lx\n", key, v);
}

/* A store to address a (a fault where nothing is mapped). */
NOLIBC_FN void store_at(unsigned long a)
{
	__asm__ volatile("mvhi 0(%0),1" : : "a"(a) : "memory");
}

/* The address of a page that is not mapped (mapped, then unmapped). */
NOLIBC_FN unsigned long hole_page(void)
{
	unsigned long h = map_anon(PAGE, PROT_READ);
	syscall(SYS_munmap, h, PAGE);
	return h;
}

/* kill(getpid(), sig). */
NOLIBC_FN long raise_sig(int sig)
{
	return syscall(SYS_kill, syscall(SYS_getpid), sig);
}

/* The registers a handler was entered with: entry_regs[n] is %rn, except
 * entry_regs[0], which holds IPM's result (condition code and program
 * mask in bits 34-39) and entry_regs[1] (overwritten). `ENTRY(name, c)`
 * defines handler `name` that records them and jumps to C function `c`
 * (same arguments). */
static unsigned long entry_regs[16] __attribute__((used));
#define ENTRY(name, c)                                                   \
	__asm__(".text\n.globl " #name "\n" #name ":\n"                  \
		"	ipm %r0\n"                                        \
		"	larl %r1,entry_regs\n"                            \
		"	stmg %r0,%r15,0(%r1)\n"                           \
		"	jg " #c "\n");                                    \
	void name(void)

/* The _sigregs of an rt handler's ucontext. */
#define UC(uc) ((ucontext_t *)(uc))

#endif
