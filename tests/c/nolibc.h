/*
 * Just enough C library for freestanding test programs (built with
 * -nostdlib -ffreestanding and no floating point: -msoft-float on s390x,
 * -march=rv64imac -mabi=lp64 on riscv64): the system-call functions with
 * their usual names and errno convention, raw s390x or riscv64 system
 * calls, a printf for integers and strings, and the string functions the
 * compiler may call. glibc's headers give the types and constants; none
 * of its code is linked, so nothing touches the floating-point registers
 * and the programs run the same on any kernel that speaks the Linux
 * system-call ABI of their architecture.
 */
#ifndef NOLIBC_H
#define NOLIBC_H

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <sys/syscall.h>

#define NOLIBC_FN static __attribute__((unused))

static int nolibc_errno;

int *__errno_location(void)
{
	return &nolibc_errno;
}

#if defined(__s390x__)
/* A raw system call: six arguments in r2-r7, the number in r1. */
NOLIBC_FN long raw_syscall(long n, long a, long b, long c, long d, long e, long f)
{
	register long r1 __asm__("r1") = n;
	register long r2 __asm__("r2") = a;
	register long r3 __asm__("r3") = b;
	register long r4 __asm__("r4") = c;
	register long r5 __asm__("r5") = d;
	register long r6 __asm__("r6") = e;
	register long r7 __asm__("r7") = f;
	__asm__ volatile("svc 0"
			 : "+r"(r2)
			 : "r"(r1), "r"(r3), "r"(r4), "r"(r5), "r"(r6), "r"(r7)
			 : "memory", "cc");
	return r2;
}
#elif defined(__riscv) && __riscv_xlen == 64
/* A raw system call: six arguments in a0-a5, the number in a7. */
NOLIBC_FN long raw_syscall(long n, long a, long b, long c, long d, long e, long f)
{
	register long a7 __asm__("a7") = n;
	register long a0 __asm__("a0") = a;
	register long a1 __asm__("a1") = b;
	register long a2 __asm__("a2") = c;
	register long a3 __asm__("a3") = d;
	register long a4 __asm__("a4") = e;
	register long a5 __asm__("a5") = f;
	__asm__ volatile("ecall"
			 : "+r"(a0)
			 : "r"(a7), "r"(a1), "r"(a2), "r"(a3), "r"(a4), "r"(a5)
			 : "memory");
	return a0;
}
#else
#error "nolibc.h knows s390x and riscv64"
#endif

/* syscall(2): -1 and errno on failure. */
long syscall(long n, ...)
{
	va_list ap;
	long a[6];
	va_start(ap, n);
	for (int i = 0; i < 6; i++)
		a[i] = va_arg(ap, long);
	va_end(ap);
	long r = raw_syscall(n, a[0], a[1], a[2], a[3], a[4], a[5]);
	if (r < 0 && r > -4096) {
		errno = (int)-r;
		return -1;
	}
	return r;
}

NOLIBC_FN void _exit_group(int status)
{
	raw_syscall(SYS_exit_group, status, 0, 0, 0, 0, 0);
	for (;;)
		;
}

void *memset(void *d, int c, size_t n)
{
	unsigned char *p = d;
	while (n--)
		*p++ = (unsigned char)c;
	return d;
}

void *memcpy(void *d, const void *s, size_t n)
{
	unsigned char *p = d;
	const unsigned char *q = s;
	while (n--)
		*p++ = *q++;
	return d;
}

void *memmove(void *d, const void *s, size_t n)
{
	unsigned char *p = d;
	const unsigned char *q = s;
	if (p < q)
		return memcpy(d, s, n);
	while (n--)
		p[n] = q[n];
	return d;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *p = a, *q = b;
	for (; n; n--, p++, q++)
		if (*p != *q)
			return *p - *q;
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (unsigned char)*a - (unsigned char)*b;
}

char *strcat(char *d, const char *s)
{
	memcpy(d + strlen(d), s, strlen(s) + 1);
	return d;
}

char *strstr(const char *h, const char *n)
{
	size_t k = strlen(n);
	for (; *h; h++)
		if (memcmp(h, n, k) == 0)
			return (char *)h;
	return k ? NULL : (char *)h;
}

long atol(const char *s)
{
	long v = 0;
	int neg = *s == '-';
	if (neg)
		s++;
	while (*s >= '0' && *s <= '9')
		v = v * 10 + (*s++ - '0');
	return neg ? -v : v;
}

/* Formats %s, %c, %d, %ld, %x, %lx, %% into buf (at most size bytes with
 * the NUL); returns the length it wanted. */
NOLIBC_FN int vformat(char *buf, size_t size, const char *fmt, va_list ap)
{
	size_t n = 0;
#define PUT(ch)                           \
	do {                              \
		if (n + 1 < size)         \
			buf[n] = (ch);    \
		n++;                      \
	} while (0)
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			PUT(*fmt);
			continue;
		}
		fmt++;
		int lng = 0;
		if (*fmt == 'l')
			lng = 1, fmt++;
		if (*fmt == 's') {
			const char *s = va_arg(ap, const char *);
			while (*s)
				PUT(*s++);
		} else if (*fmt == 'c') {
			PUT((char)va_arg(ap, int));
		} else if (*fmt == 'd' || *fmt == 'x') {
			long v = lng ? va_arg(ap, long) : va_arg(ap, int);
			unsigned long u = v;
			int base = *fmt == 'x' ? 16 : 10;
			if (base == 16 && !lng)
				u = (unsigned int)v;
			if (base == 10 && v < 0) {
				PUT('-');
				u = -(unsigned long)v;
			}
			char tmp[24];
			int k = 0;
			do {
				tmp[k++] = "0123456789abcdef"[u % base];
				u /= base;
			} while (u);
			while (k)
				PUT(tmp[--k]);
		} else {
			PUT(*fmt);
		}
	}
	if (size)
		buf[n < size ? n : size - 1] = 0;
	return (int)n;
#undef PUT
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vformat(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

int printf(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vformat(buf, sizeof buf, fmt, ap);
	va_end(ap);
	raw_syscall(SYS_write, 1, (long)buf, n < (int)sizeof buf ? n : (int)sizeof buf - 1, 0, 0, 0);
	return n;
}

#if defined(__s390x__)
/* s390x's kernel struct sigaction: handler, flags, restorer, mask. */
struct ksigaction {
	unsigned long handler, flags, restorer, mask;
};

#define KSA_RESTORER 0x04000000UL

/* The return path of a handler: rt_sigreturn. */
__asm__(".text\n"
	".globl nolibc_restorer\n"
	"nolibc_restorer:\n"
	"	svc " "173" "\n");
void nolibc_restorer(void);

NOLIBC_FN long ksigaction(int sig, void *handler, unsigned long flags)
{
	struct ksigaction a = {
		.handler = (unsigned long)handler,
		.flags = flags | KSA_RESTORER,
		.restorer = (unsigned long)nolibc_restorer,
	};
	return syscall(SYS_rt_sigaction, sig, &a, 0, 8);
}
#else
/* riscv64's kernel struct sigaction (asm-generic): handler, flags, mask;
 * no SA_RESTORER: a handler returns through the kernel's trampoline (on
 * Linux, the vDSO's rt_sigreturn), as glibc's do there. */
struct ksigaction {
	unsigned long handler, flags, mask;
};

NOLIBC_FN long ksigaction(int sig, void *handler, unsigned long flags)
{
	struct ksigaction a = {
		.handler = (unsigned long)handler,
		.flags = flags,
	};
	return syscall(SYS_rt_sigaction, sig, &a, 0, 8);
}
#endif

NOLIBC_FN long kgetaction(int sig, struct ksigaction *old)
{
	return syscall(SYS_rt_sigaction, sig, 0, old, 8);
}

NOLIBC_FN long ksigprocmask(int how, const unsigned long *set, unsigned long *old)
{
	return syscall(SYS_rt_sigprocmask, how, set, old, 8);
}

#if defined(__s390x__)
/* s390x's mmap takes its six arguments in a block. */
NOLIBC_FN void *kmmap(void *addr, long len, int prot, int flags, int fd, long off)
{
	long block[6] = { (long)addr, len, prot, flags, fd, off };
	return (void *)syscall(SYS_mmap, block);
}
#else
NOLIBC_FN void *kmmap(void *addr, long len, int prot, int flags, int fd, long off)
{
	return (void *)syscall(SYS_mmap, addr, len, prot, flags, fd, off);
}
#endif

/*
 * The path calls and fork. s390x has the old calls and the programs make
 * them as named; asm-generic architectures (riscv64) have only the *at
 * calls on AT_FDCWD and clone(SIGCHLD), which is what Linux's old calls
 * are wrappers of (the same answers) and what glibc makes there.
 */
#include <fcntl.h>
#include <signal.h>
#if defined(__s390x__)
NOLIBC_FN long k_open(const char *p, int flags, int mode)
{
	return syscall(SYS_open, p, flags, mode);
}

NOLIBC_FN long k_stat(const char *p, void *st)
{
	return syscall(SYS_stat, p, st);
}

NOLIBC_FN long k_lstat(const char *p, void *st)
{
	return syscall(SYS_lstat, p, st);
}

NOLIBC_FN long k_readlink(const char *p, char *buf, long n)
{
	return syscall(SYS_readlink, p, buf, n);
}

NOLIBC_FN long k_access(const char *p, int mode)
{
	return syscall(SYS_access, p, mode);
}

NOLIBC_FN long k_fork(void)
{
	return syscall(SYS_fork);
}
#else
NOLIBC_FN long k_open(const char *p, int flags, int mode)
{
	return syscall(SYS_openat, AT_FDCWD, p, flags, mode);
}

NOLIBC_FN long k_stat(const char *p, void *st)
{
	return syscall(SYS_newfstatat, AT_FDCWD, p, st, 0);
}

NOLIBC_FN long k_lstat(const char *p, void *st)
{
	return syscall(SYS_newfstatat, AT_FDCWD, p, st, AT_SYMLINK_NOFOLLOW);
}

NOLIBC_FN long k_readlink(const char *p, char *buf, long n)
{
	return syscall(SYS_readlinkat, AT_FDCWD, p, buf, n);
}

NOLIBC_FN long k_access(const char *p, int mode)
{
	return syscall(SYS_faccessat, AT_FDCWD, p, mode);
}

NOLIBC_FN long k_fork(void)
{
	return syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0);
}
#endif

NOLIBC_FN int kwaitpid(long pid, int *status)
{
	return (int)syscall(SYS_wait4, pid, status, 0, 0);
}

int main(int argc, char **argv);

void nolibc_start(long *sp)
{
	_exit_group(main((int)sp[0], (char **)(sp + 1)));
}

#if defined(__s390x__)
__asm__(".text\n"
	".globl _start\n"
	"_start:\n"
	"	lgr %r2,%r15\n"
	"	aghi %r15,-160\n"
	"	xc 0(8,%r15),0(%r15)\n"
	"	brasl %r14,nolibc_start\n");
#else
/* gp first, unrelaxed: the linker may have made accesses gp-relative. */
__asm__(".text\n"
	".globl _start\n"
	"_start:\n"
	"	.option push\n"
	"	.option norelax\n"
	"	lla gp, __global_pointer$\n"
	"	.option pop\n"
	"	mv a0, sp\n"
	"	andi sp, sp, -16\n"
	"	li ra, 0\n"
	"	li s0, 0\n"
	"	call nolibc_start\n"
	"	unimp\n");
#endif

#endif
