/* The system-call number: svc N for N < 256, svc 0 with the number in
 * the low 16 bits of r1, numbers >= 256 through svc 0 only. */
#include "mem.h"

static long svc4(const char *s, long n)
{
	register long r2 __asm__("r2") = 1;
	register long r3 __asm__("r3") = (long)s;
	register long r4 __asm__("r4") = n;
	__asm__ volatile("svc 4" : "+r"(r2) : "r"(r3), "r"(r4) : "memory", "cc");
	return r2;
}

static long svc0(long r1v, long a, long b, long c)
{
	register long r1 __asm__("r1") = r1v;
	register long r2 __asm__("r2") = a;
	register long r3 __asm__("r3") = b;
	register long r4 __asm__("r4") = c;
	__asm__ volatile("svc 0" : "+r"(r2) : "r"(r1), "r"(r3), "r"(r4) : "memory", "cc");
	return r2;
}

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	tok_raw("svc4", svc4("svc4-wrote\n", 11));
	tok_raw("svc0_r1_4", svc0(4, 1, (long)"svc0-wrote\n", 11));
	tok_raw("svc0_r1_high16", svc0(0x10004, 1, (long)"high16-wrote\n", 13));
	tok_raw("svc0_r1_high32", svc0(0x7fffffff00000004L, 1, (long)"high32-wrote\n", 13));
	struct timespec ts;
	tok_raw("svc0_260", svc0(260 /* clock_gettime */, 1, (long)&ts, 0));
	tok_raw("svc0_0", svc0(0, 0, 0, 0));
	return 0;
}
