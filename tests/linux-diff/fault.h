/*
 * What the fault_ cases share: a SIGSEGV/SIGBUS handler that prints the
 * signal, si_code, si_addr relative to a named base, and the saved PSW
 * address relative to another, then ends the program (status 0).
 */
#ifndef FAULT_H
#define FAULT_H

#include "diff.h"

static const char *fault_addr_name, *fault_psw_name;
static unsigned long fault_addr_base, fault_psw_base;

static void fault_handler(int sig, siginfo_t *si, void *uc)
{
	tok("sig", sig);
	tok("code", si->si_code);
	tok_rel("addr", fault_addr_name, fault_addr_base, (unsigned long)si->si_addr);
	tok_rel("psw", fault_psw_name, fault_psw_base, uc_psw_addr(uc));
	printf("mask=%lx\n", uc_psw_mask(uc));
	_exit_group(0);
}

/* Catch SIGSEGV and SIGBUS; si_addr is printed relative to addr_base,
 * the PSW relative to psw_base. */
NOLIBC_FN void fault_expect(const char *addr_name, unsigned long addr_base,
			    const char *psw_name, unsigned long psw_base)
{
	fault_addr_name = addr_name;
	fault_addr_base = addr_base;
	fault_psw_name = psw_name;
	fault_psw_base = psw_base;
	ksigaction(SIGSEGV, fault_handler, SA_SIGINFO);
	ksigaction(SIGBUS, fault_handler, SA_SIGINFO);
}

/* Calls the code at addr (a branch and link through r14). */
NOLIBC_FN void fault_call(unsigned long addr)
{
	__asm__ volatile("basr %%r14,%0" : : "a"(addr) : "r14", "memory", "cc");
}

/* The s390x "br %r14" instruction: a function that returns at once. */
#define FAULT_BR14 0x07fe

#endif
