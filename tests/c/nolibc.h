/*
 * Just enough C library for freestanding test programs (built with
 * -nostdlib -ffreestanding -msoft-float): the system-call functions
 * with their usual names and errno convention, raw s390x system calls,
 * a printf for integers and strings, and the string functions the
 * compiler may call. glibc's headers give the types and constants; none
 * of its code is linked, so nothing touches the floating-point registers
 * and the programs run the same on any kernel that speaks the Linux
 * s390x system-call ABI.
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

NOLIBC_FN long kgetaction(int sig, struct ksigaction *old)
{
	return syscall(SYS_rt_sigaction, sig, 0, old, 8);
}

NOLIBC_FN long ksigprocmask(int how, const unsigned long *set, unsigned long *old)
{
	return syscall(SYS_rt_sigprocmask, how, set, old, 8);
}

/* s390x's mmap takes its six arguments in a block. */
NOLIBC_FN void *kmmap(void *addr, long len, int prot, int flags, int fd, long off)
{
	long block[6] = { (long)addr, len, prot, flags, fd, off };
	return (void *)syscall(SYS_mmap, block);
}

NOLIBC_FN int kwaitpid(long pid, int *status)
{
	return (int)syscall(SYS_wait4, pid, status, 0, 0);
}

int main(int argc, char **argv);

void nolibc_start(long *sp)
{
	_exit_group(main((int)sp[0], (char **)(sp + 1)));
}

__asm__(".text\n"
	".globl _start\n"
	"_start:\n"
	"	lgr %r2,%r15\n"
	"	aghi %r15,-160\n"
	"	xc 0(8,%r15),0(%r15)\n"
	"	brasl %r14,nolibc_start\n");

#endif
