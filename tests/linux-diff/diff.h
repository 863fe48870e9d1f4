/*
 * What every case of the differential suite shares. A case is one small
 * program that checks one behaviour and prints tokens about it, one per
 * line, that mean the same on any kernel: no absolute addresses, no pids,
 * no times. Addresses are printed relative to a name the case chose
 * ("addr=hole+0x0"), PSW addresses relative to a labelled instruction
 * ("psw=insn+0x4"). The suite runs the same binary on this kernel and on
 * Linux 6.1 and compares the lines (and the exit status, which the driver
 * prints).
 *
 * Cases are freestanding (nolibc.h: system calls by number, a small
 * printf), hard float, built with Debian's s390x-linux-gnu-gcc -O2.
 */
#ifndef DIFF_H
#define DIFF_H

#include "nolibc.h"

#include <signal.h>
#include <sys/mman.h>

#define PAGE 4096UL

/* A token: "key=value" with value in decimal. */
NOLIBC_FN void tok(const char *key, long v)
{
	printf("%s=%ld\n", key, v);
}

/* A token: "key=name+0xoff", the offset of addr from base. */
NOLIBC_FN void tok_rel(const char *key, const char *name, unsigned long base, unsigned long addr)
{
	if (addr >= base)
		printf("%s=%s+0x%lx\n", key, name, addr - base);
	else
		printf("%s=%s-0x%lx\n", key, name, base - addr);
}

/* A system call's result as a token: "what=0", "what=-EINVAL"... */
NOLIBC_FN void tok_ret(const char *what, long r)
{
	static const struct {
		int e;
		const char *name;
	} names[] = {
		{ EPERM, "EPERM" },   { ENOENT, "ENOENT" }, { ESRCH, "ESRCH" },
		{ EINTR, "EINTR" },   { EBADF, "EBADF" },   { ECHILD, "ECHILD" },
		{ EAGAIN, "EAGAIN" }, { ENOMEM, "ENOMEM" }, { EACCES, "EACCES" },
		{ EFAULT, "EFAULT" }, { EEXIST, "EEXIST" }, { ENODEV, "ENODEV" },
		{ EINVAL, "EINVAL" }, { ENOSYS, "ENOSYS" }, { EOVERFLOW, "EOVERFLOW" },
		{ ENOTSUP, "ENOTSUP" },
	};
	if (r != -1) {
		printf("%s=%ld\n", what, r);
		return;
	}
	for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (names[i].e == errno) {
			printf("%s=-%s\n", what, names[i].name);
			return;
		}
	}
	printf("%s=-errno%d\n", what, errno);
}

#if defined(__s390x__)
/* The PSW address a signal handler's ucontext saved (s390x: _sigregs at
 * uc_mcontext, PSW mask then address). */
NOLIBC_FN unsigned long uc_psw_addr(void *ucontext)
{
	return ((ucontext_t *)ucontext)->uc_mcontext.psw.addr;
}

/* The PSW mask the frame saved. */
NOLIBC_FN unsigned long uc_psw_mask(void *ucontext)
{
	return ((ucontext_t *)ucontext)->uc_mcontext.psw.mask;
}
#endif

/* An anonymous mapping at an address the kernel chooses. */
NOLIBC_FN unsigned long map_anon(unsigned long len, int prot)
{
	return (unsigned long)kmmap(0, (long)len, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
}

#endif
