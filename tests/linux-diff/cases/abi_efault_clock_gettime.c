/* clock_gettime and gettimeofday with bad pointers: EFAULT; bad clock
 * first is EINVAL. */
#include "mem.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	unsigned long f = free_range(PAGE);
	unsigned long ro = map_anon(PAGE, PROT_READ);
	tok_ret("null", syscall(SYS_clock_gettime, 1, 0));
	tok_ret("unmapped", syscall(SYS_clock_gettime, 1, f));
	tok_ret("readonly", syscall(SYS_clock_gettime, 0, ro));
	tok_ret("bad_clock_bad_ptr", syscall(SYS_clock_gettime, 100, f));
	tok_ret("gettimeofday_tv", syscall(SYS_gettimeofday, f, 0));
	tok_ret("gettimeofday_tz", syscall(SYS_gettimeofday, 0, f));
	tok_ret("gettimeofday_null", syscall(SYS_gettimeofday, 0, 0));
	tok_ret("nanosleep_req", syscall(SYS_nanosleep, f, 0));
	return 0;
}
