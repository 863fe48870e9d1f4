/*
 * What the mem_ and abi_ cases share: probing whether an address is
 * readable or writable without a signal (through a pipe, whose read and
 * write report -EFAULT for a bad buffer), and tokens for mmap results.
 */
#ifndef MEM_H
#define MEM_H

#include "diff.h"

#include <fcntl.h>

#ifndef MREMAP_MAYMOVE
#define MREMAP_MAYMOVE 1
#define MREMAP_FIXED 2
#endif
#ifndef MREMAP_DONTUNMAP
#define MREMAP_DONTUNMAP 4
#endif

static int probe_pipe[2] = { -1, -1 };

NOLIBC_FN void probe_init(void)
{
	if (probe_pipe[0] < 0)
		syscall(SYS_pipe2, probe_pipe, 0);
}

/* Whether the byte at addr can be read (by the kernel, for the user). */
NOLIBC_FN int readable(unsigned long addr)
{
	probe_init();
	long r = raw_syscall(SYS_write, probe_pipe[1], (long)addr, 1, 0, 0, 0);
	if (r == 1) {
		char c;
		raw_syscall(SYS_read, probe_pipe[0], (long)&c, 1, 0, 0, 0);
		return 1;
	}
	return 0;
}

/* Whether the byte at addr can be written; its value is kept. */
NOLIBC_FN int writable(unsigned long addr)
{
	probe_init();
	char c = 0;
	if (readable(addr))
		c = *(volatile char *)addr;
	raw_syscall(SYS_write, probe_pipe[1], (long)&c, 1, 0, 0, 0);
	long r = raw_syscall(SYS_read, probe_pipe[0], (long)addr, 1, 0, 0, 0);
	if (r != 1) {
		raw_syscall(SYS_read, probe_pipe[0], (long)&c, 1, 0, 0, 0);
		return 0;
	}
	return 1;
}

/* "key=rw", "key=r-", "key=--"... for the page at addr. */
NOLIBC_FN void tok_access(const char *key, unsigned long addr)
{
	int r = readable(addr), w = writable(addr);
	printf("%s=%c%c\n", key, r ? 'r' : '-', w ? 'w' : '-');
}

NOLIBC_FN long mmap_raw(unsigned long addr, unsigned long len, long prot, long flags, long fd,
			long off)
{
#if defined(__s390x__)
	long block[6] = { (long)addr, (long)len, prot, flags, fd, off };
	return raw_syscall(SYS_mmap, (long)block, 0, 0, 0, 0, 0);
#else
	/* The edge cases also run on riscv64 (no comparison there). */
	return raw_syscall(SYS_mmap, (long)addr, (long)len, prot, flags, fd, off);
#endif
}

/* An mmap result: "what=-EINVAL", or where it landed relative to want
 * ("what=at+0x0"). */
NOLIBC_FN void tok_map(const char *what, long r, unsigned long want)
{
	if (r < 0 && r > -4096) {
		errno = (int)-r;
		tok_ret(what, -1);
	} else {
		tok_rel(what, "at", want, (unsigned long)r);
	}
}

/* A free, page-aligned range of len bytes the kernel chose (mapped and
 * unmapped again). */
NOLIBC_FN unsigned long free_range(unsigned long len)
{
	unsigned long a = map_anon(len, PROT_NONE);
	syscall(SYS_munmap, a, len);
	return a;
}

NOLIBC_FN long mremap_raw(unsigned long old, unsigned long old_len, unsigned long new_len,
			  long flags, unsigned long new_addr)
{
	return raw_syscall(SYS_mremap, (long)old, (long)old_len, (long)new_len, flags,
			   (long)new_addr, 0);
}

/* A raw result as a token, errno names as tok_ret gives them. */
NOLIBC_FN void tok_raw(const char *what, long r)
{
	if (r < 0 && r > -4096) {
		errno = (int)-r;
		tok_ret(what, -1);
	} else {
		tok(what, r);
	}
}

#endif
