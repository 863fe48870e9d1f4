/*
 * What the pgm_ cases share: a handler for the signals a program check
 * raises (SIGILL, SIGFPE, SIGTRAP, SIGSEGV, SIGBUS) that prints the
 * signal, si_code, si_addr and the saved PSW address relative to the
 * case's labelled instruction `insn`, the saved PSW mask (condition code
 * and program mask included), and with pgm_fpc set the saved FPC; then it
 * ends the program (status 0). A case that expects no signal prints
 * "returned=1" after the instruction.
 */
#ifndef PGM_H
#define PGM_H

#include "diff.h"

extern char insn[];
static int pgm_fpc;

static void pgm_handler(int sig, siginfo_t *si, void *uc)
{
	tok("sig", sig);
	tok("code", si->si_code);
	tok_rel("addr", "insn", (unsigned long)insn, (unsigned long)si->si_addr);
	tok_rel("psw", "insn", (unsigned long)insn, uc_psw_addr(uc));
	printf("mask=%lx\n", uc_psw_mask(uc));
	if (pgm_fpc)
		printf("fpc=%x\n", ((ucontext_t *)uc)->uc_mcontext.fpregs.fpc);
	_exit_group(0);
}

NOLIBC_FN void pgm_catch(void)
{
	ksigaction(SIGILL, pgm_handler, SA_SIGINFO);
	ksigaction(SIGFPE, pgm_handler, SA_SIGINFO);
	ksigaction(SIGTRAP, pgm_handler, SA_SIGINFO);
	ksigaction(SIGSEGV, pgm_handler, SA_SIGINFO);
	ksigaction(SIGBUS, pgm_handler, SA_SIGINFO);
}

/* The FPC: IEEE masks (byte 0), flags (byte 1), DXC (byte 2). */
#define FPC_MASK_INVALID 0x80000000u
#define FPC_MASK_DIVIDE 0x40000000u
#define FPC_MASK_OVERFLOW 0x20000000u
#define FPC_MASK_UNDERFLOW 0x10000000u
#define FPC_MASK_INEXACT 0x08000000u

/* SPM's operand: the program mask in bits 36-39 of the register
 * (fixed-point overflow, decimal overflow, HFP exponent underflow, HFP
 * significance). */
#define PM_FIXED_OVERFLOW 0x08000000ul
#define PM_DECIMAL_OVERFLOW 0x04000000ul
#define PM_HFP_UNDERFLOW 0x02000000ul
#define PM_HFP_SIGNIFICANCE 0x01000000ul

#endif
