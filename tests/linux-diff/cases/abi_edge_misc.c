/* The other calls that take a pointer, a length or a count, with every
 * edge value: uname, clock_gettime, clock_getres, gettimeofday, times,
 * getrusage, nanosleep, clock_nanosleep, poll, ppoll, prlimit64,
 * getrandom, getcpu, getgroups, getresuid, set_robust_list, wait4,
 * ioctl, fcntl, dup2, dup3, close, prctl. */
#include "edge.h"

#ifndef TCGETS
#define TCGETS 0x5401
#endif

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	unsigned long two = map_anon(2 * PAGE, PROT_READ | PROT_WRITE);
	syscall(SYS_munmap, two + PAGE, PAGE);
	unsigned long buf = two + PAGE - 512;
	unsigned long *w = (unsigned long *)buf;
	unsigned long saved[2];
	raw_syscall(SYS_prlimit64, 0, 7, 0, (long)saved, 0, 0);
	for (int i = 0; i < EDGES; i++) {
		unsigned long a = edge_addr(i, buf);
		unsigned long n = edge_len(i);
		edge_tok("uname", "buf", i, raw_syscall(SYS_uname, (long)(i == 4 ? two + 1 : a), 0, 0, 0, 0, 0));
		edge_tok("clock_gettime", "tp", i, raw_syscall(SYS_clock_gettime, 1, (long)a, 0, 0, 0, 0));
		edge_tok("clock_gettime", "id", i, raw_syscall(SYS_clock_gettime, (long)n, (long)buf, 0, 0, 0, 0));
		edge_tok("clock_getres", "tp", i, raw_syscall(SYS_clock_getres, 1, (long)a, 0, 0, 0, 0));
		edge_tok("gettimeofday", "tv", i, raw_syscall(SYS_gettimeofday, (long)a, 0, 0, 0, 0, 0));
		edge_tok("gettimeofday", "tz", i, raw_syscall(SYS_gettimeofday, 0, (long)a, 0, 0, 0, 0));
		long r = raw_syscall(SYS_times, (long)a, 0, 0, 0, 0, 0);
		edge_tok("times", "buf", i, r < 0 && r > -4096 ? r : 0);
		edge_tok("getrusage", "ru", i, raw_syscall(SYS_getrusage, 0, (long)(i == 4 ? two + 1 : a), 0, 0, 0, 0));
		edge_tok("getrusage", "who", i, raw_syscall(SYS_getrusage, (long)n, (long)buf, 0, 0, 0, 0));
		/* A zero sleep: the pointer and the nanoseconds are checked. */
		w[0] = 0;
		w[1] = 0;
		edge_tok("nanosleep", "req", i, raw_syscall(SYS_nanosleep, (long)a, 0, 0, 0, 0, 0));
		w[1] = n;
		edge_tok("nanosleep", "nsec", i, raw_syscall(SYS_nanosleep, (long)buf, 0, 0, 0, 0, 0));
		w[0] = n;
		w[1] = 1000000000;
		edge_tok("nanosleep", "sec", i, raw_syscall(SYS_nanosleep, (long)buf, 0, 0, 0, 0, 0));
		w[0] = 0;
		w[1] = 0;
		edge_tok("clock_nanosleep", "req", i, raw_syscall(SYS_clock_nanosleep, 1, 0, (long)a, 0, 0, 0));
		edge_tok("clock_nanosleep", "flags", i, raw_syscall(SYS_clock_nanosleep, 1, (long)n, (long)buf, 0, 0, 0));
		edge_tok("clock_nanosleep", "id", i, raw_syscall(SYS_clock_nanosleep, (long)n, 0, (long)buf, 0, 0, 0));
		/* poll: zero timeouts, so nothing waits. */
		int *pfd = (int *)(buf + 256);
		pfd[0] = 0;
		pfd[1] = 0;
#ifdef SYS_poll
		edge_tok("poll", "fds", i, raw_syscall(SYS_poll, (long)a, 1, 0, 0, 0, 0));
		edge_tok("poll", "nfds", i, raw_syscall(SYS_poll, (long)pfd, (long)n, 0, 0, 0, 0));
		edge_tok("poll_end", "nfds", i, raw_syscall(SYS_poll, (long)two + PAGE - 8, (long)n, 0, 0, 0, 0));
		edge_tok("poll", "timeout", i, raw_syscall(SYS_poll, 0, 0, (long)(n & 0xffffffff00000000UL), 0, 0, 0));
#else
		(void)pfd;
#endif
		if (i != 0) /* a null timeout waits for ever */
			edge_tok("ppoll", "tsp", i, raw_syscall(SYS_ppoll, 0, 0, (long)a, 0, 0, 0));
		edge_tok("ppoll", "sigmask", i, raw_syscall(SYS_ppoll, 0, 0, (long)buf, (long)a, 8, 0));
		edge_tok("ppoll", "sigsetsize", i, raw_syscall(SYS_ppoll, 0, 0, (long)buf, (long)buf, (long)n, 0));
		w[0] = 0;
		w[1] = n;
		edge_tok("ppoll", "nsec", i, raw_syscall(SYS_ppoll, 0, 0, (long)buf, 0, 0, 0));
		edge_tok("prlimit64", "old", i, raw_syscall(SYS_prlimit64, 0, 7, 0, (long)a, 0, 0));
		edge_tok("prlimit64", "new", i, raw_syscall(SYS_prlimit64, 0, 7, (long)a, 0, 0, 0));
		raw_syscall(SYS_prlimit64, 0, 7, (long)saved, 0, 0, 0);
		edge_tok("prlimit64", "resource", i, raw_syscall(SYS_prlimit64, 0, (long)n, 0, (long)buf, 0, 0));
		edge_tok("prlimit64", "pid", i, raw_syscall(SYS_prlimit64, (long)edge_addr(i, 1UL << 31), 7, 0, (long)buf, 0, 0));
		w[0] = n;
		w[1] = n;
		edge_tok("prlimit64", "nofile", i, raw_syscall(SYS_prlimit64, 0, 7, (long)buf, 0, 0, 0));
		raw_syscall(SYS_prlimit64, 0, 7, (long)saved, 0, 0, 0);
		r = raw_syscall(SYS_getrandom, (long)a, 16, 0, 0, 0, 0);
		edge_tok("getrandom", "buf", i, r);
		r = raw_syscall(SYS_getrandom, (long)buf, (long)n, 0, 0, 0, 0);
		edge_tok("getrandom", "len", i, r);
		r = raw_syscall(SYS_getrandom, (long)buf + 1, (long)n, 0, 0, 0, 0);
		edge_tok("getrandom_unal", "len", i, r);
		edge_tok("getrandom", "flags", i, raw_syscall(SYS_getrandom, (long)buf, 1, (long)n, 0, 0, 0));
		edge_tok("getcpu", "cpu", i, raw_syscall(SYS_getcpu, (long)a, 0, 0, 0, 0, 0));
		edge_tok("getcpu", "node", i, raw_syscall(SYS_getcpu, 0, (long)a, 0, 0, 0, 0));
		edge_tok("getgroups", "size", i, raw_syscall(SYS_getgroups, (long)n, (long)buf, 0, 0, 0, 0));
		edge_tok("getgroups", "list", i, raw_syscall(SYS_getgroups, 1, (long)a, 0, 0, 0, 0));
		edge_tok("getresuid", "ruid", i, raw_syscall(SYS_getresuid, (long)a, (long)buf, (long)buf, 0, 0, 0));
		edge_tok("set_robust_list", "len", i, raw_syscall(SYS_set_robust_list, (long)buf, (long)n, 0, 0, 0, 0));
		edge_tok("wait4", "pid", i, raw_syscall(SYS_wait4, (long)edge_addr(i, 1UL << 31), 0, 1 /* WNOHANG */, 0, 0, 0));
		edge_tok("wait4", "options", i, raw_syscall(SYS_wait4, -1, 0, (long)n, 0, 0, 0));
		edge_tok("ioctl", "arg", i, raw_syscall(SYS_ioctl, 1, TCGETS, (long)a, 0, 0, 0));
		edge_tok("ioctl", "fd", i, raw_syscall(SYS_ioctl, (long)n, TCGETS, (long)buf, 0, 0, 0));
		r = raw_syscall(SYS_fcntl, 1, F_DUPFD, (long)n, 0, 0, 0);
		edge_tok("fcntl", "dupfd_min", i, r < 0 ? r : r >= 3 ? 3 : r);
		if (r >= 3)
			syscall(SYS_close, r);
		r = raw_syscall(SYS_fcntl, (long)n, F_GETFD, 0, 0, 0, 0);
		edge_tok("fcntl", "fd", i, r);
#ifdef SYS_dup2
		r = raw_syscall(SYS_dup2, 1, (long)n, 0, 0, 0, 0);
		edge_tok("dup2", "newfd", i, r < 0 ? r : r == 1 ? 1 : 3);
		if (r > 2)
			syscall(SYS_close, r);
#endif
		r = raw_syscall(SYS_dup3, 1, (long)n, 0, 0, 0, 0);
		edge_tok("dup3", "newfd", i, r < 0 ? r : r == 1 ? 1 : 3);
		if (r > 2)
			syscall(SYS_close, r);
		if (n > 2)
			edge_tok("close", "fd", i, raw_syscall(SYS_close, (long)n, 0, 0, 0, 0, 0));
		edge_tok("prctl", "set_name", i, raw_syscall(SYS_prctl, 15, (long)(i == 4 ? two + PAGE - 2 : a), 0, 0, 0, 0));
		edge_tok("prctl", "get_name", i, raw_syscall(SYS_prctl, 16, (long)(i == 4 ? two + PAGE - 8 : a), 0, 0, 0, 0));
	}
	return 0;
}
