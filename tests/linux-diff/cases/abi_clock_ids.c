/* clock_gettime for each clock id 0-11 and some invalid ones, and
 * clock_getres for each (resolutions are printed: they are fixed). */
#include "mem.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	long ids[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 16, -1, -2, -6, 0x7fffffff };
	for (unsigned i = 0; i < sizeof ids / sizeof ids[0]; i++) {
		struct timespec ts = { -1, -1 };
		char name[32];
		snprintf(name, sizeof name, "gettime%ld", ids[i]);
		long r = syscall(SYS_clock_gettime, ids[i], &ts);
		tok_ret(name, r);
		if (r == 0)
			tok("  sane", ts.tv_nsec >= 0 && ts.tv_nsec < 1000000000 && ts.tv_sec >= 0);
		struct timespec res = { -1, -1 };
		snprintf(name, sizeof name, "getres%ld", ids[i]);
		r = syscall(SYS_clock_getres, ids[i], &res);
		tok_ret(name, r);
		if (r == 0)
			printf("  res=%ld.%ld\n", res.tv_sec, res.tv_nsec);
	}
	tok_ret("getres_null", syscall(SYS_clock_getres, 1, 0));
	tok_ret("getres_bad_ptr", syscall(SYS_clock_getres, 1, free_range(PAGE)));
	return 0;
}
