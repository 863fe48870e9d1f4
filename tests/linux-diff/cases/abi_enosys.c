/* Unknown system-call numbers: ENOSYS, inside and past the table. */
#include "mem.h"

static long svc0(long r1v)
{
	register long r1 __asm__("r1") = r1v;
	register long r2 __asm__("r2") = 0;
	__asm__ volatile("svc 0" : "+r"(r2) : "r"(r1) : "memory", "cc");
	return r2;
}

static long svc_17(void)
{
	register long r2 __asm__("r2") = 0;
	__asm__ volatile("svc 17" : "+r"(r2) : : "memory", "cc");
	return r2;
}

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	tok_raw("nr_17", svc0(17));
	tok_raw("svc_17", svc_17());
	tok_raw("nr_460", svc0(460));
	tok_raw("nr_1000", svc0(1000));
	tok_raw("nr_ffff", svc0(0xffff));
	tok_raw("nr_minus1", svc0(-1)); tok_raw("nr_high_17", svc0(0x50011));
	return 0;
}
