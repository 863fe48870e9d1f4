/*
 * The system calls glibc makes on its way to main and that a shell makes
 * (uname, resource limits, ids, process groups and sessions, umask,
 * clocks and sleeps, the terminal ioctls, sigaltstack, getrandom, prctl,
 * rseq, getcpu, sigsuspend), checked against what Linux 6.1 answers when this
 * program is its init: the values Linux gives, its errors for bad input.
 *
 * Every line (prefixed with the program's name, so that it never looks
 * like the self-tests' KTAP) is printed on Linux and here alike (tests/c/startup.linux.out
 * is Linux's output); the exit status is the number of failed checks.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

extern const unsigned int __rseq_size;

/* Linux's SS_AUTODISARM (glibc 2.36's headers do not have it). */
#ifndef SS_AUTODISARM
#define SS_AUTODISARM (1U << 31)
#endif


static void *volatile bad_address = (void *)8;

static long long now_ns(clockid_t c)
{
	struct timespec ts;
	clock_gettime(c, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* uname's machine: Linux's UTS_MACHINE of the architecture. */
#if defined(__s390x__)
#define MACHINE "s390x"
#elif defined(__riscv) && __riscv_xlen == 64
#define MACHINE "riscv64"
#endif

static void system_identity(void)
{
	struct utsname u;
	check(uname(&u) == 0, "uname");
	check(strcmp(u.sysname, "Linux") == 0, "sysname Linux");
	check(strcmp(u.machine, MACHINE) == 0, "machine " MACHINE);
	check(strncmp(u.release, "6.1.", 4) == 0, "release 6.1.*");
	check(strcmp(u.nodename, "(none)") == 0 && strcmp(u.domainname, "(none)") == 0,
	      "host and domain name unset");
	fails(uname(bad_address), EFAULT, "uname to a bad address");
}

static void limits(void)
{
	struct rlimit r;
	check(getrlimit(RLIMIT_NOFILE, &r) == 0 && r.rlim_cur == 1024 && r.rlim_max == 4096,
	      "RLIMIT_NOFILE 1024/4096");
	check(getrlimit(RLIMIT_STACK, &r) == 0 && r.rlim_cur == 8 << 20 && r.rlim_max == RLIM_INFINITY,
	      "RLIMIT_STACK 8 MiB/unlimited");
	check(getrlimit(RLIMIT_CORE, &r) == 0 && r.rlim_cur == 0 && r.rlim_max == RLIM_INFINITY,
	      "RLIMIT_CORE 0/unlimited");
	check(getrlimit(RLIMIT_MEMLOCK, &r) == 0 && r.rlim_cur == 8 << 20, "RLIMIT_MEMLOCK 8 MiB");
	check(getrlimit(RLIMIT_AS, &r) == 0 && r.rlim_cur == RLIM_INFINITY, "RLIMIT_AS unlimited");
	check(getrlimit(RLIMIT_NPROC, &r) == 0 && r.rlim_cur == r.rlim_max && r.rlim_cur > 0,
	      "RLIMIT_NPROC set from memory");
	fails(syscall(SYS_prlimit64, 0, 16, NULL, &r), EINVAL, "prlimit64 of resource 16");
	fails(getrlimit(RLIMIT_NOFILE, bad_address), EFAULT, "getrlimit to a bad address");

	r.rlim_cur = 4;
	r.rlim_max = 4096;
	check(setrlimit(RLIMIT_NOFILE, &r) == 0, "lower RLIMIT_NOFILE to 4");
	int p[2];
	fails(pipe(p), EMFILE, "then a pipe, needing descriptors 3 and 4, fails");
	check(fcntl(3, F_GETFD) == -1, "  leaving descriptor 3 closed");
	fails(dup2(0, 4), EBADF, "and dup2 onto 4 is refused");
	r.rlim_cur = 1024;
	check(setrlimit(RLIMIT_NOFILE, &r) == 0 && pipe(p) == 0, "raised again, the pipe is made");
	close(p[0]);
	close(p[1]);
	r.rlim_cur = 2048;
	r.rlim_max = 1024;
	fails(setrlimit(RLIMIT_NOFILE, &r), EINVAL, "a soft limit above the hard one");
	r.rlim_cur = r.rlim_max = 1 << 21;
	fails(setrlimit(RLIMIT_NOFILE, &r), EPERM, "RLIMIT_NOFILE above nr_open");
}

static void ids(void)
{
	check(getuid() == 0 && geteuid() == 0 && getgid() == 0 && getegid() == 0, "root: ids 0");
	uid_t a = 1, b = 1, c = 1;
	check(getresuid(&a, &b, &c) == 0 && a == 0 && b == 0 && c == 0, "getresuid 0 0 0");
	gid_t g[4];
	check(getgroups(4, g) == 0 && getgroups(0, NULL) == 0, "no supplementary groups");
	fails(syscall(SYS_getgroups, -1, g), EINVAL, "getgroups with a negative size");
	fails(getresgid(bad_address, &b, &c), EFAULT, "getresgid to a bad address");
	check(setgid(0) == 0 && setuid(0) == 0, "root may set its ids to 0");
	fails(setuid(-1), EINVAL, "setuid(-1)");
	check(syscall(SYS_gettid) == getpid(), "gettid is the pid");
	check(syscall(SYS_set_tid_address, NULL) == getpid(), "set_tid_address returns the tid");
	fails(syscall(SYS_set_robust_list, NULL, 23), EINVAL, "set_robust_list with a bad size");
}

static void sessions(void)
{
	/* Linux's init starts in process group and session 0. */
	check(getpgrp() == 0 && getpgid(0) == 0 && getsid(0) == 0, "process group and session 0");
	fails(getpgid(99999), ESRCH, "getpgid of no process");
	fails(getsid(99999), ESRCH, "getsid of no process");
	fails(setpgid(0, -1), EINVAL, "setpgid to a negative group");
	fails(setpgid(99999, 0), ESRCH, "setpgid of no process");
	pid_t me = getpid();
	check(setsid() == me, "setsid returns the pid");
	check(getpgrp() == me && getsid(0) == me, "  and leads a new group and session");
	fails(setsid(), EPERM, "setsid again, as a group leader");
	fails(setpgid(0, 0), EPERM, "setpgid of a session leader");

	int p[2];
	pipe(p);
	pid_t child = fork();
	if (child == 0) {
		char c;
		read(p[0], &c, 1);
		_exit(getpgrp() == getpid() && getsid(0) == me ? 0 : 1);
	}
	check(getpgid(child) == me && getsid(child) == me, "a child inherits both");
	check(setpgid(child, 0) == 0 && getpgid(child) == child, "setpgid moves it to its own group");
	fails(setpgid(child, 99999), EPERM, "setpgid to a group that does not exist");
	check(kill(-child, 0) == 0, "kill(-group, 0) finds the group");
	fails(kill(-99999, 0), ESRCH, "kill of an empty group");
	write(p[1], "g", 1);
	int status;
	waitpid(child, &status, 0);
	check(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the child saw its own group");
	close(p[0]);
	close(p[1]);
}

static void umasks(void)
{
	check(umask(022) == 022, "umask starts at 022");
	check(umask(0777) == 022, "umask returns the old mask");
	check(umask(01777) == 0777, "umask keeps the permission bits only");
	check(umask(022) == 0777, "  (0777 was kept)");
}

static volatile sig_atomic_t got_signal;

static void on_signal(int sig)
{
	got_signal = sig;
}

static void clocks(void)
{
	struct timeval tv;
	struct timezone tz = { 1, 1 };
	check(gettimeofday(&tv, &tz) == 0 && tv.tv_sec > 1600000000 && tz.tz_minuteswest == 0 &&
		      tz.tz_dsttime == 0,
	      "gettimeofday: the time of day, UTC");
	long long real = now_ns(CLOCK_REALTIME) / 1000000000;
	check(real - tv.tv_sec <= 1 && real >= tv.tv_sec, "CLOCK_REALTIME agrees with it");
	fails(syscall(SYS_gettimeofday, bad_address, NULL), EFAULT, "gettimeofday to a bad address");
	struct tms t;
	clock_t ticks = times(&t);
	check(ticks != (clock_t)-1 && t.tms_cutime == 0 && t.tms_cstime == 0, "times");
	check(times(NULL) >= ticks, "times(NULL) counts on");

	long long before = now_ns(CLOCK_MONOTONIC);
	struct timespec ts = { 0, 20 * 1000000 }, rem;
	check(nanosleep(&ts, NULL) == 0, "nanosleep 20 ms");
	long long slept = now_ns(CLOCK_MONOTONIC) - before;
	check(slept >= 20 * 1000000, "  and at least 20 ms passed");
	ts.tv_nsec = 1000000000;
	fails(nanosleep(&ts, NULL), EINVAL, "nanosleep with 1e9 nanoseconds");
	ts.tv_sec = -1;
	ts.tv_nsec = 0;
	fails(nanosleep(&ts, NULL), EINVAL, "nanosleep for a negative time");
	fails(nanosleep(bad_address, NULL), EFAULT, "nanosleep from a bad address");
	ts.tv_sec = 0;
	ts.tv_nsec = 1;
	check(clock_nanosleep(99, 0, &ts, NULL) == EINVAL, "clock_nanosleep on no clock: EINVAL");
	check(clock_nanosleep(CLOCK_THREAD_CPUTIME_ID, 0, &ts, NULL) == EINVAL,
	      "clock_nanosleep on the thread's CPU clock: EINVAL");
	check(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == 0,
	      "clock_nanosleep to a deadline passed long ago");
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_nsec += 10 * 1000000;
	if (until.tv_nsec >= 1000000000) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000;
	}
	check(clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &until, NULL) == 0 &&
		      now_ns(CLOCK_REALTIME) >= until.tv_sec * 1000000000LL + until.tv_nsec,
	      "clock_nanosleep to a real-time deadline 10 ms ahead");

	/* A handled signal interrupts a sleep: EINTR and the time left. */
	struct sigaction sa = { 0 };
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESTART; /* a sleep is interrupted even so */
	sigaction(SIGUSR1, &sa, NULL);
	pid_t parent = getpid();
	pid_t child = fork();
	if (child == 0) {
		struct timespec wait = { 0, 30 * 1000000 };
		nanosleep(&wait, NULL);
		kill(parent, SIGUSR1);
		_exit(0);
	}
	ts.tv_sec = 5;
	ts.tv_nsec = 0;
	rem.tv_sec = rem.tv_nsec = 0;
	got_signal = 0;
	int r = nanosleep(&ts, &rem);
	check(r == -1 && errno == EINTR && got_signal == SIGUSR1, "a signal interrupts nanosleep: EINTR");
	check(rem.tv_sec >= 3 && rem.tv_sec < 5, "  with the time left in rem");
	waitpid(child, NULL, 0);
	check(sched_yield() == 0, "sched_yield");
}

static void terminal(void)
{
	struct termios t;
	struct winsize w;
	check(isatty(0) && isatty(1) && isatty(2), "descriptors 0-2 are a terminal");
	check(tcgetattr(0, &t) == 0 && t.c_iflag == (ICRNL | IXON) && t.c_oflag == (OPOST | ONLCR) &&
		      t.c_lflag == (ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN) &&
		      t.c_cc[VINTR] == 3 && t.c_cc[VERASE] == 127 && t.c_cc[VEOF] == 4,
	      "TCGETS: the console's line settings");
	check(cfgetospeed(&t) == B38400 && (t.c_cflag & CSIZE) == CS8, "  38400 baud, 8 bits");
	check(ioctl(1, TIOCGWINSZ, &w) == 0 && w.ws_row == 24 && w.ws_col == 80,
	      "TIOCGWINSZ: 24 rows of 80 columns");
	t.c_lflag &= ~ECHO;
	check(tcsetattr(0, TCSANOW, &t) == 0, "TCSETS");
	struct termios t2;
	check(tcgetattr(2, &t2) == 0 && !(t2.c_lflag & ECHO), "  and the change is seen");
	t.c_lflag |= ECHO;
	tcsetattr(0, TCSANOW, &t);
	int n = -1, pg;
	check(ioctl(0, FIONREAD, &n) == 0 && n == 0, "FIONREAD: no input waiting");
	fails(ioctl(0, TIOCGPGRP, &pg), ENOTTY, "TIOCGPGRP: not the controlling terminal");
	fails(ioctl(0, 0x12345678, &pg), ENOTTY, "an unknown ioctl");
	fails(ioctl(0, TCGETS, bad_address), EFAULT, "TCGETS to a bad address");
	fails(ioctl(99, TCGETS, &t), EBADF, "ioctl of a closed descriptor");
	int p[2];
	pipe(p);
	fails(ioctl(p[0], TCGETS, &t), ENOTTY, "TCGETS on a pipe");
	write(p[1], "abc", 3);
	check(ioctl(p[0], FIONREAD, &n) == 0 && n == 3, "FIONREAD on a pipe: 3 bytes");
	int on = 1;
	check(ioctl(p[0], FIONBIO, &on) == 0 && (fcntl(p[0], F_GETFL) & O_NONBLOCK), "FIONBIO sets O_NONBLOCK");
	check(ioctl(p[0], FIOCLEX) == 0 && fcntl(p[0], F_GETFD) == FD_CLOEXEC, "FIOCLEX");
	check(ioctl(p[0], FIONCLEX) == 0 && fcntl(p[0], F_GETFD) == 0, "FIONCLEX");
	close(p[0]);
	close(p[1]);
}

static void altstack(void)
{
	stack_t ss, old;
	check(sigaltstack(NULL, &old) == 0 && old.ss_flags == SS_DISABLE && old.ss_size == 0 &&
		      old.ss_sp == NULL,
	      "no alternate stack at start");
	ss.ss_sp = malloc(65536);
	ss.ss_size = 100;
	ss.ss_flags = 0;
	fails(sigaltstack(&ss, NULL), ENOMEM, "an alternate stack below MINSIGSTKSZ");
	ss.ss_size = 65536;
	ss.ss_flags = 77;
	fails(sigaltstack(&ss, NULL), EINVAL, "unknown sigaltstack flags");
	ss.ss_flags = 0;
	check(sigaltstack(&ss, NULL) == 0, "set a 64 KiB alternate stack");
	check(sigaltstack(NULL, &old) == 0 && old.ss_sp == ss.ss_sp && old.ss_size == 65536 &&
		      old.ss_flags == 0,
	      "  and read it back");
	stack_t off = { .ss_flags = SS_DISABLE };
	check(sigaltstack(&off, &old) == 0 && old.ss_size == 65536, "disable it, getting the old one");
	check(sigaltstack(NULL, &old) == 0 && old.ss_flags == SS_DISABLE && old.ss_sp == NULL,
	      "  now disabled");
	ss.ss_flags = SS_AUTODISARM;
	check(sigaltstack(&ss, NULL) == 0 && sigaltstack(NULL, &old) == 0 &&
		      old.ss_flags == SS_AUTODISARM,
	      "SS_AUTODISARM is kept and reported");
	fails(sigaltstack(bad_address, NULL), EFAULT, "sigaltstack from a bad address");
	sigaltstack(&off, NULL);
}

static void misc(int argc, char **argv)
{
	char name[17] = { 0 };
	const char *base = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
	(void)argc;
	check(prctl(PR_GET_NAME, name) == 0 && strcmp(name, base) == 0,
	      "PR_GET_NAME: named after the program");
	check(prctl(PR_SET_NAME, "a-very-long-name-indeed") == 0 && prctl(PR_GET_NAME, name) == 0 &&
		      strcmp(name, "a-very-long-nam") == 0,
	      "PR_SET_NAME cuts the name to 15 bytes");
	fails(prctl(9999, 0), EINVAL, "an unknown prctl option");
	fails(prctl(PR_GET_NAME, bad_address), EFAULT, "PR_GET_NAME to a bad address");

	unsigned char a[16] = { 0 }, b[16] = { 0 };
	check(getrandom(a, 16, 0) == 16 && getrandom(b, 16, GRND_NONBLOCK) == 16 && memcmp(a, b, 16) != 0,
	      "getrandom: 16 bytes, different each time");
	fails(getrandom(a, 8, 0x10), EINVAL, "getrandom with an unknown flag");
	fails(getrandom(a, 8, GRND_RANDOM | GRND_INSECURE), EINVAL, "GRND_RANDOM with GRND_INSECURE");
	fails(getrandom(bad_address, 8, 0), EFAULT, "getrandom to a bad address");
	check(getrandom(a, 0, 0) == 0, "getrandom of nothing");

#if defined(__riscv)
	/* glibc 2.36 registers rseq only where it has an RSEQ_SIG for the
	 * architecture, and its riscv64 <bits/rseq.h> is the generic one
	 * without it: no rseq call at start-up (as qemu-riscv64 -strace
	 * shows), on Linux too. sched_getcpu then asks the getcpu system
	 * call. */
	check(__rseq_size == 0, "glibc registers no rseq area on riscv64");
	check(sched_getcpu() == 0, "sched_getcpu asks getcpu: CPU 0");
#else
	check(__rseq_size >= 32, "glibc registered its rseq area at start-up");
	check(sched_getcpu() == 0, "sched_getcpu reads CPU 0 from it");
#endif
	fails(syscall(SYS_rseq, bad_address, 32, 0, 0x53053053), EINVAL,
	      "a second rseq registration elsewhere");

	/* getcpu: each pointer may be null; both stores are tried, and
	 * either failing is EFAULT; the third argument is unused. */
	unsigned cpu = 77, node = 77;
	check(syscall(SYS_getcpu, &cpu, &node, NULL) == 0 && cpu == 0 && node == 0,
	      "getcpu: CPU 0, node 0");
	check(syscall(SYS_getcpu, NULL, NULL, NULL) == 0, "getcpu with null pointers");
	check(syscall(SYS_getcpu, NULL, NULL, bad_address) == 0, "getcpu ignores its cache argument");
	node = 77;
	fails(syscall(SYS_getcpu, bad_address, &node, NULL), EFAULT, "getcpu to a bad cpu pointer");
	check(node == 0, "  and still stores the node");
	cpu = 77;
	fails(syscall(SYS_getcpu, &cpu, bad_address, NULL), EFAULT, "getcpu to a bad node pointer");
	check(cpu == 0, "  after storing the CPU");

	/* rt_sigsuspend: wait with SIGUSR2 unblocked for a child's signal. */
	struct sigaction sa = { 0 };
	sigset_t block, empty, now;
	sa.sa_handler = on_signal;
	sigaction(SIGUSR2, &sa, NULL);
	sigemptyset(&block);
	sigaddset(&block, SIGUSR2);
	sigprocmask(SIG_BLOCK, &block, NULL);
	pid_t parent = getpid();
	pid_t child = fork();
	if (child == 0) {
		kill(parent, SIGUSR2);
		_exit(0);
	}
	waitpid(child, NULL, 0);
	check(got_signal != SIGUSR2, "SIGUSR2 stays pending while blocked");
	sigemptyset(&empty);
	int r = sigsuspend(&empty);
	check(r == -1 && errno == EINTR && got_signal == SIGUSR2, "sigsuspend delivers it: EINTR");
	sigprocmask(SIG_BLOCK, NULL, &now);
	check(sigismember(&now, SIGUSR2), "  and puts the old mask back");
	fails(syscall(SYS_rt_sigsuspend, &empty, 4), EINVAL, "rt_sigsuspend with a bad set size");
	sigprocmask(SIG_UNBLOCK, &block, NULL);
	got_signal = 0;
	check(raise(SIGUSR2) == 0 && got_signal == SIGUSR2, "raise (tgkill) to itself");
	fails(syscall(SYS_tgkill, getpid(), 99999, SIGUSR2), ESRCH, "tgkill of no thread");
	fails(syscall(SYS_tgkill, 0, getpid(), SIGUSR2), EINVAL, "tgkill with thread group 0");
}

int main(int argc, char **argv)
{
	check_prefix = "startup";
	setvbuf(stdout, NULL, _IOLBF, 0);
	system_identity();
	limits();
	ids();
	sessions();
	umasks();
	clocks();
	terminal();
	altstack();
	misc(argc, argv);
	printf("startup: %d failed\n", failures);
	return failures;
}
