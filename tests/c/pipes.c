/*
 * Pipes, descriptors and blocking, checked against what Linux 6.1 does:
 * a reader that blocks until a child writes, a writer that blocks on a
 * full pipe until the parent drains it, end of file, EPIPE and SIGPIPE,
 * O_NONBLOCK and EAGAIN, how many bytes fill a pipe, fcntl flags, dup2
 * onto a pipe, poll and ppoll (its timespec, the time left written back,
 * the signal mask in force while it waits), readv/writev, signals
 * interrupting a blocked read (EINTR, or a restart with SA_RESTART), and
 * bad input everywhere.
 *
 * Every line (prefixed with the program's name, so that it never looks
 * like the self-tests' KTAP) is printed on Linux and here alike (tests/c/pipes.linux.out
 * is Linux's output); the exit status is the number of failed checks.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"


static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };
	nanosleep(&ts, NULL);
}

/* An address nothing is mapped at, hidden from the compiler's checks. */
static void *volatile bad_address = (void *)8;

static volatile sig_atomic_t got_signal;

static void on_signal(int sig)
{
	got_signal = sig;
}

static void basics(void)
{
	int p[2];
	char buf[16];
	check(pipe(p) == 0, "pipe");
	check(p[0] == 3 && p[1] == 4, "the lowest free descriptors, 3 and 4");
	check(fcntl(p[0], F_GETFL) == O_RDONLY, "read end is O_RDONLY");
	check(fcntl(p[1], F_GETFL) == O_WRONLY, "write end is O_WRONLY");
	check(fcntl(p[0], F_GETPIPE_SZ) == 65536, "capacity 64 KiB");
	check(write(p[1], "hello", 5) == 5, "write 5 bytes");
	check(read(p[0], buf, 2) == 2 && memcmp(buf, "he", 2) == 0, "read 2 of them");
	check(read(p[0], buf, sizeof buf) == 3 && memcmp(buf, "llo", 3) == 0,
	      "read returns the 3 left, not the 16 asked");
	check(write(p[1], "", 0) == 0, "an empty write writes nothing");
	check(read(p[0], buf, 0) == 0, "an empty read reads nothing");
	fails(write(p[0], "x", 1), EBADF, "write to the read end");
	fails(read(p[1], buf, 1), EBADF, "read from the write end");
	close(p[1]);
	check(read(p[0], buf, sizeof buf) == 0, "no writer and no data: end of file");
	close(p[0]);
}

/* The parent blocks in read until its child writes, and sees the end of
 * the data when the child exits (its descriptors close at exit, before
 * the parent reaps it). */
static void blocking_reader(void)
{
	int p[2], status;
	char buf[64];
	pipe(p);
	pid_t child = fork();
	if (child == 0) {
		close(p[0]);
		sleep_ms(20);
		write(p[1], "from the child", 14);
		_exit(7);
	}
	close(p[1]);
	ssize_t n = read(p[0], buf, sizeof buf);
	check(n == 14 && memcmp(buf, "from the child", 14) == 0,
	      "a reader blocks until the child writes");
	check(read(p[0], buf, sizeof buf) == 0, "then finds the end when the child exits");
	check(waitpid(child, &status, 0) == child && WIFEXITED(status) && WEXITSTATUS(status) == 7,
	      "and reaps it with its status");
	close(p[0]);
}

/* The child writes 200 KiB in one call: it blocks whenever the pipe is
 * full, and the call returns the whole count once the parent drained it. */
static void blocking_writer(void)
{
	enum { TOTAL = 200 * 1024 };
	int p[2], status, report[2];
	pipe(p);
	pipe(report);
	pid_t child = fork();
	if (child == 0) {
		char *big = malloc(TOTAL);
		for (int i = 0; i < TOTAL; i++)
			big[i] = (char)(i * 7);
		ssize_t n = write(p[1], big, TOTAL);
		write(report[1], &n, sizeof n);
		_exit(0);
	}
	close(p[1]);
	close(report[1]);
	static char buf[TOTAL + 100];
	size_t got = 0;
	ssize_t n;
	sleep_ms(20); /* let the child fill the pipe and block */
	while ((n = read(p[0], buf + got, 4096)) > 0)
		got += n;
	int same = got == TOTAL;
	for (size_t i = 0; same && i < TOTAL; i++)
		same = buf[i] == (char)(i * 7);
	check(same, "200 KiB pass through a 64 KiB pipe, in order");
	ssize_t written = 0;
	read(report[0], &written, sizeof written);
	check(written == TOTAL, "the blocked write returns the whole count");
	check(waitpid(child, &status, 0) == child && status == 0, "the writer exits 0");
	close(p[0]);
	close(report[0]);
}

static void broken_pipe(void)
{
	int p[2], status;
	struct sigaction sa = { 0 }, old;

	pipe(p);
	close(p[0]);
	signal(SIGPIPE, SIG_IGN);
	fails(write(p[1], "x", 1), EPIPE, "write with no reader, SIGPIPE ignored");

	sa.sa_handler = on_signal;
	sigaction(SIGPIPE, &sa, &old);
	got_signal = 0;
	fails(write(p[1], "x", 1), EPIPE, "write with no reader, SIGPIPE handled");
	check(got_signal == SIGPIPE, "the handler saw SIGPIPE");
	check(write(p[1], "", 0) == 0, "an empty write succeeds even without a reader");
	close(p[1]);

	signal(SIGPIPE, SIG_DFL);
	pid_t child = fork();
	if (child == 0) {
		int q[2];
		pipe(q);
		close(q[0]);
		write(q[1], "x", 1);
		_exit(0); /* not reached: SIGPIPE kills */
	}
	waitpid(child, &status, 0);
	check(WIFSIGNALED(status) && WTERMSIG(status) == SIGPIPE,
	      "with SIGPIPE's default action the writer dies of it");
}

static void nonblocking(void)
{
	int p[2];
	char buf[4096];
	pipe2(p, O_NONBLOCK);
	check((fcntl(p[0], F_GETFL) & O_NONBLOCK) && (fcntl(p[1], F_GETFL) & O_NONBLOCK),
	      "pipe2(O_NONBLOCK) sets it on both ends");
	fails(read(p[0], buf, 1), EAGAIN, "read from an empty non-blocking pipe");
	memset(buf, 'a', sizeof buf);

	long writes = 0, bytes = 0;
	ssize_t n;
	while ((n = write(p[1], buf, 1000)) > 0) {
		writes++;
		bytes += n;
	}
	check(n == -1 && errno == EAGAIN, "a full pipe refuses with EAGAIN");
	printf("pipes:   1000-byte writes until full: %ld (%ld bytes)\n", writes, bytes);
	check(writes == 64 && bytes == 64000,
	      "64 of them fit: a remainder merges into a page only whole");
	while (read(p[0], buf, sizeof buf) > 0)
		;

	bytes = 0;
	while (write(p[1], "b", 1) == 1)
		bytes++;
	check(bytes == 65536, "one-byte writes fill all 65536 bytes");
	while (read(p[0], buf, sizeof buf) > 0)
		;

	/* A large write takes what fits and returns the short count. */
	static char big[100000];
	n = write(p[1], big, sizeof big);
	check(n == 65536, "a 100000-byte non-blocking write writes 65536");
	fails(write(p[1], big, 1), EAGAIN, "and then nothing fits");
	close(p[0]);
	close(p[1]);

	/* O_NONBLOCK can be turned off again with F_SETFL. */
	pipe2(p, O_NONBLOCK | O_CLOEXEC);
	check(fcntl(p[0], F_GETFD) == FD_CLOEXEC, "pipe2(O_CLOEXEC) marks close-on-exec");
	check(fcntl(p[0], F_SETFL, 0) == 0 && fcntl(p[0], F_GETFL) == O_RDONLY,
	      "F_SETFL clears O_NONBLOCK");
	close(p[0]);
	close(p[1]);
}

static void fcntl_flags(void)
{
	int p[2];
	pipe(p);
	check(fcntl(p[0], F_GETFD) == 0, "F_GETFD: no close-on-exec");
	check(fcntl(p[0], F_SETFD, FD_CLOEXEC) == 0 && fcntl(p[0], F_GETFD) == FD_CLOEXEC,
	      "F_SETFD sets it");
	check(fcntl(p[0], F_SETFD, 0xfe) == 0 && fcntl(p[0], F_GETFD) == 0,
	      "F_SETFD takes only FD_CLOEXEC");
	check(fcntl(p[1], F_SETFL, O_APPEND | O_NONBLOCK | O_RDWR | O_CREAT) == 0 &&
		      fcntl(p[1], F_GETFL) == (O_WRONLY | O_APPEND | O_NONBLOCK),
	      "F_SETFL changes O_APPEND and O_NONBLOCK, not the access mode");
	int d = fcntl(p[0], F_DUPFD, 10);
	check(d == 10 && fcntl(d, F_GETFD) == 0, "F_DUPFD: the lowest free at or above 10");
	int e = fcntl(p[0], F_DUPFD_CLOEXEC, 10);
	check(e == 11 && fcntl(e, F_GETFD) == FD_CLOEXEC, "F_DUPFD_CLOEXEC: the next, close-on-exec");
	close(d);
	close(e);
	fails(fcntl(p[0], F_DUPFD, 1024), EINVAL, "F_DUPFD at RLIMIT_NOFILE");
	fails(fcntl(p[0], F_DUPFD, -1), EINVAL, "F_DUPFD below 0");
	fails(fcntl(99, F_GETFD), EBADF, "fcntl on a closed descriptor");
	fails(fcntl(-1, F_GETFL), EBADF, "fcntl on -1");
	fails(fcntl(p[0], 9999), EINVAL, "an unknown fcntl command");
	fails(fcntl(99, 9999), EBADF, "an unknown command on a closed descriptor");
	fails(fcntl(0, F_GETPIPE_SZ), EBADF, "F_GETPIPE_SZ on a terminal");
	check(fcntl(p[0], F_SETPIPE_SZ, 5000) == 8192 && fcntl(p[1], F_GETPIPE_SZ) == 8192,
	      "F_SETPIPE_SZ rounds up to a power of two pages");
	close(p[0]);
	close(p[1]);
}

static void dup2_onto_a_pipe(void)
{
	int p[2];
	char buf[64];
	pipe(p);
	fflush(stdout);
	int saved = dup(1);
	int moved = dup2(p[1], 1);
	printf("through the pipe\n");
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	check(moved == 1, "dup2 the write end onto stdout");
	ssize_t n = read(p[0], buf, sizeof buf);
	check(n == 17 && memcmp(buf, "through the pipe\n", 17) == 0, "printf went into the pipe");
	close(p[1]);
	check(read(p[0], buf, sizeof buf) == 0, "its one writer gone, the pipe ends");
	close(p[0]);
	check(dup2(1, 1) == 1, "dup2 onto itself returns it");
	fails(dup3(1, 1, 0), EINVAL, "dup3 onto itself");
	fails(dup2(99, 5), EBADF, "dup2 of a closed descriptor");
	fails(dup2(1, -1), EBADF, "dup2 onto -1");
	fails(dup3(1, 5, 0x1234), EINVAL, "dup3 with an unknown flag");
}

static void polling(void)
{
	int p[2];
	struct pollfd fds[2];
	pipe(p);
	fds[0] = (struct pollfd){ .fd = p[0], .events = POLLIN };
	fds[1] = (struct pollfd){ .fd = p[1], .events = POLLOUT };
	check(poll(fds, 2, 0) == 1 && fds[0].revents == 0 && fds[1].revents == POLLOUT,
	      "poll: the empty pipe is writable, not readable");
	write(p[1], "x", 1);
	check(poll(fds, 1, 0) == 1 && fds[0].revents == POLLIN, "poll: readable once written");
	char c;
	read(p[0], &c, 1);
	check(poll(fds, 1, 30) == 0, "poll times out on an empty pipe");
	struct pollfd bad = { .fd = 99, .events = POLLIN };
	check(poll(&bad, 1, 0) == 1 && bad.revents == POLLNVAL, "poll: POLLNVAL for a closed fd");
	pid_t child = fork();
	if (child == 0) {
		sleep_ms(20);
		write(p[1], "y", 1);
		_exit(0);
	}
	check(poll(fds, 1, -1) == 1 && fds[0].revents == POLLIN, "poll waits for the child's write");
	waitpid(child, NULL, 0);
	read(p[0], &c, 1);
	close(p[1]);
	check(poll(fds, 1, -1) == 1 && fds[0].revents == POLLHUP, "POLLHUP once no writer is left");
	close(p[0]);
	pipe(p);
	close(p[0]);
	fds[1].fd = p[1];
	check(poll(&fds[1], 1, 0) == 1 && fds[1].revents == (POLLOUT | POLLERR),
	      "POLLERR for a writer with no reader");
	close(p[1]);
	fails(poll(bad_address, 1, 0), EFAULT, "poll with a bad array");
}

/* The raw system call: glibc's ppoll hides the time left (it passes a
 * copy of the timespec) and always passes a mask size of 8. */
static long raw_ppoll(struct pollfd *fds, unsigned long n, struct timespec *ts,
		      const sigset_t *mask, unsigned long size)
{
	return syscall(SYS_ppoll, fds, n, ts, mask, size);
}

static sigset_t blocked_now(void)
{
	sigset_t m;
	sigprocmask(SIG_BLOCK, NULL, &m);
	return m;
}

static sigset_t mask_in_handler;

static void on_signal_keep_mask(int sig)
{
	got_signal = sig;
	sigprocmask(SIG_BLOCK, NULL, &mask_in_handler);
}

static void ppolling(void)
{
	int p[2];
	struct pollfd fds[1];
	struct timespec ts;
	sigset_t none, usr1, usr2, pending;
	pipe(p);
	fds[0] = (struct pollfd){ .fd = p[0], .events = POLLIN };
	sigemptyset(&none);
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigemptyset(&usr2);
	sigaddset(&usr2, SIGUSR2);

	ts = (struct timespec){ 0, 0 };
	check(raw_ppoll(fds, 1, &ts, NULL, 0) == 0 && ts.tv_sec == 0 && ts.tv_nsec == 0,
	      "ppoll with a zero timeout: 0 at once");
	ts = (struct timespec){ 0, 30000000 };
	check(raw_ppoll(fds, 1, &ts, NULL, 0) == 0 && ts.tv_sec == 0 && ts.tv_nsec == 0,
	      "ppoll times out after 30 ms and writes back no time left");
	write(p[1], "x", 1);
	ts = (struct timespec){ 5, 0 };
	check(raw_ppoll(fds, 1, &ts, NULL, 0) == 1 && fds[0].revents == POLLIN &&
		      ts.tv_sec == 4 && ts.tv_nsec > 0,
	      "ppoll of a readable pipe: 1 at once, and the time left (4.x s) written back");
	check(raw_ppoll(fds, 1, NULL, NULL, 0) == 1 && fds[0].revents == POLLIN,
	      "ppoll with no timeout, no mask and size 0 (glibc's poll on riscv64)");
	check(raw_ppoll(fds, 1, NULL, NULL, 4) == 1, "ppoll: the mask size is not checked without a mask");
	check(ppoll(fds, 1, NULL, &none) == 1, "glibc's ppoll with a mask");

	ts = (struct timespec){ 0, 1000000000 };
	fails(raw_ppoll(fds, 1, &ts, NULL, 0), EINVAL, "ppoll with tv_nsec = 1e9");
	ts = (struct timespec){ 0, -1 };
	fails(raw_ppoll(fds, 1, &ts, NULL, 0), EINVAL, "ppoll with tv_nsec = -1");
	ts = (struct timespec){ -1, 0 };
	fails(raw_ppoll(fds, 1, &ts, NULL, 0), EINVAL, "ppoll with tv_sec = -1");
	fails(raw_ppoll(fds, 1, bad_address, NULL, 0), EFAULT, "ppoll with a bad timespec");
	fails(raw_ppoll(fds, 1, NULL, &none, 4), EINVAL, "ppoll with a mask of size 4");
	fails(raw_ppoll(fds, 1, NULL, &none, 128), EINVAL, "ppoll with a mask of size 128");
	fails(raw_ppoll(fds, 1, NULL, bad_address, 8), EFAULT, "ppoll with a bad mask");
	fails(raw_ppoll(fds, 1, bad_address, bad_address, 4), EFAULT,
	      "ppoll: the timespec is checked before the mask");
	ts = (struct timespec){ 0, 1000000000 };
	fails(raw_ppoll(fds, 1, &ts, bad_address, 4), EINVAL,
	      "ppoll: a bad timespec value before the mask too");
	fails(raw_ppoll(bad_address, 1, NULL, &none, 4), EINVAL,
	      "ppoll: the mask is checked before the array");
	fails(raw_ppoll(bad_address, 1, NULL, NULL, 0), EFAULT, "ppoll with a bad array");
	fails(raw_ppoll(fds, 1025, NULL, NULL, 0), EINVAL, "ppoll of more than RLIMIT_NOFILE");
	ts = (struct timespec){ 3, 0 };
	fails(raw_ppoll(bad_address, 1, &ts, NULL, 0), EFAULT, "ppoll failing still counts");
	check(ts.tv_sec == 2 && ts.tv_nsec > 0, "  and writes the time left back");
	char c;
	read(p[0], &c, 1);

	/* The mask in force while it waits. SIGUSR1 is blocked and pending;
	 * a mask that lets it through interrupts at once, even with a zero
	 * timeout; the handler runs with the ppoll mask (plus SIGUSR1), and
	 * the caller's mask is back after it. */
	struct sigaction sa = { 0 };
	sa.sa_handler = on_signal_keep_mask;
	sigaction(SIGUSR1, &sa, NULL);
	sigprocmask(SIG_SETMASK, &usr1, NULL);
	raise(SIGUSR1);
	got_signal = 0;
	ts = (struct timespec){ 0, 0 };
	long r = raw_ppoll(fds, 1, &ts, &usr2, 8);
	check(r == -1 && errno == EINTR && got_signal == SIGUSR1,
	      "ppoll whose mask lets a pending signal through: the handler runs, EINTR");
	check(sigismember(&mask_in_handler, SIGUSR2) && sigismember(&mask_in_handler, SIGUSR1),
	      "  the handler ran with ppoll's mask and its own signal blocked");
	sigset_t after = blocked_now();
	check(sigismember(&after, SIGUSR1) && !sigismember(&after, SIGUSR2),
	      "  and the caller's mask is back after the handler");

	/* A descriptor that is ready wins: the call returns it, and the
	 * signal stays pending under the caller's mask. */
	raise(SIGUSR1);
	write(p[1], "z", 1);
	got_signal = 0;
	r = raw_ppoll(fds, 1, NULL, &usr2, 8);
	sigpending(&pending);
	after = blocked_now();
	check(r == 1 && got_signal == 0 && sigismember(&pending, SIGUSR1) &&
		      sigismember(&after, SIGUSR1) && !sigismember(&after, SIGUSR2),
	      "ppoll finding a ready fd returns it; the signal stays pending, the mask back");
	read(p[0], &c, 1);
	sigprocmask(SIG_SETMASK, &none, NULL);
	check(got_signal == SIGUSR1, "  and is delivered once unblocked");

	/* A signal that arrives while it waits (SIGUSR1 blocked except in
	 * ppoll): EINTR, and the time left written back. */
	sigprocmask(SIG_SETMASK, &usr1, NULL);
	pid_t parent = getpid();
	pid_t child = fork();
	if (child == 0) {
		sleep_ms(20);
		kill(parent, SIGUSR1);
		_exit(0);
	}
	got_signal = 0;
	ts = (struct timespec){ 5, 0 };
	r = raw_ppoll(fds, 1, &ts, &none, 8);
	check(r == -1 && errno == EINTR && got_signal == SIGUSR1,
	      "a signal while ppoll waits: the handler runs, EINTR");
	check(ts.tv_sec == 4 && ts.tv_nsec > 0, "  and the time left is written back");
	after = blocked_now();
	check(sigismember(&after, SIGUSR1), "  the caller's mask is back");
	waitpid(child, NULL, 0);

	/* A mask that blocks the signal keeps it out until ppoll returns. */
	sigprocmask(SIG_SETMASK, &none, NULL);
	child = fork();
	if (child == 0) {
		kill(parent, SIGUSR1);
		sleep_ms(20);
		write(p[1], "w", 1);
		_exit(0);
	}
	got_signal = 0;
	r = raw_ppoll(fds, 1, NULL, &usr1, 8);
	check(r == 1 && fds[0].revents == POLLIN, "ppoll whose mask blocks the signal waits for the data");
	check(got_signal == SIGUSR1, "  and the signal is delivered after it returns");
	waitpid(child, NULL, 0);
	signal(SIGUSR1, SIG_DFL);
	close(p[0]);
	close(p[1]);
}

static void vectors(void)
{
	int p[2];
	char a[4], b[8];
	struct iovec out[3] = { { "one", 3 }, { "", 0 }, { "twothree", 8 } };
	struct iovec in[2] = { { a, sizeof a }, { b, sizeof b } };
	pipe(p);
	check(writev(p[1], out, 3) == 11, "writev of three buffers");
	check(readv(p[0], in, 2) == 11 && memcmp(a, "onet", 4) == 0 && memcmp(b, "wothree", 7) == 0,
	      "readv scatters them");
	fails(writev(p[1], bad_address, 1), EFAULT, "writev with a bad iovec array");
	struct iovec bad = { .iov_base = bad_address, .iov_len = 4 };
	fails(writev(p[1], &bad, 1), EFAULT, "writev from a bad buffer");
	static struct iovec many[1025];
	fails(writev(p[1], many, 1025), EINVAL, "writev of more than IOV_MAX buffers");
	fails(readv(p[1], in, 1), EBADF, "readv from the write end");
	close(p[0]);
	close(p[1]);
}

/* A read blocked on an empty pipe, interrupted by a handled signal:
 * -EINTR without SA_RESTART, restarted (and completed) with it. */
static void interrupted(void)
{
	int p[2], q[2];
	char buf[8];
	struct sigaction sa = { 0 };
	sa.sa_handler = on_signal;
	sigaction(SIGUSR1, &sa, NULL);
	pipe(p);
	pipe(q);
	pid_t parent = getpid();
	pid_t child = fork();
	if (child == 0) {
		sleep_ms(20);
		kill(parent, SIGUSR1);
		sleep_ms(20);
		/* The second time: a signal, then data. */
		char c;
		read(q[0], &c, 1);
		sleep_ms(20);
		kill(parent, SIGUSR1);
		sleep_ms(20);
		write(p[1], "late", 4);
		_exit(0);
	}
	got_signal = 0;
	ssize_t n = read(p[0], buf, sizeof buf);
	check(n == -1 && errno == EINTR && got_signal == SIGUSR1,
	      "a handled signal interrupts a blocked read: EINTR");
	sa.sa_flags = SA_RESTART;
	sigaction(SIGUSR1, &sa, NULL);
	got_signal = 0;
	write(q[1], "g", 1);
	n = read(p[0], buf, sizeof buf);
	check(n == 4 && got_signal == SIGUSR1, "with SA_RESTART the read restarts and gets the data");
	waitpid(child, NULL, 0);
	close(p[0]);
	close(p[1]);
	close(q[0]);
	close(q[1]);
}

static void bad_input(void)
{
	int p[2];
	char buf[8];
	fails(pipe(bad_address), EFAULT, "pipe to a bad address");
	check(fcntl(3, F_GETFD) == -1, "  and no descriptor was left open");
	fails(pipe2(p, 0x1234), EINVAL, "pipe2 with unknown flags");
	pipe(p);
	write(p[1], "keep", 4);
	fails(read(p[0], bad_address, 4), EFAULT, "read into a bad buffer");
	check(read(p[0], buf, 8) == 4 && memcmp(buf, "keep", 4) == 0, "  and the data is still there");
	fails(write(p[1], bad_address, 4), EFAULT, "write from a bad buffer");
	fails(read(99, buf, 1), EBADF, "read from a closed descriptor");
	fails(write(-1, buf, 1), EBADF, "write to -1");
	fails(close(99), EBADF, "close of a closed descriptor");
	close(p[0]);
	close(p[1]);
}

int main(void)
{
	check_prefix = "pipes";
	setvbuf(stdout, NULL, _IOLBF, 0);
	basics();
	blocking_reader();
	blocking_writer();
	broken_pipe();
	nonblocking();
	fcntl_flags();
	dup2_onto_a_pipe();
	polling();
	ppolling();
	vectors();
	interrupted();
	bad_input();
	printf("pipes: %d failed\n", failures);
	return failures;
}
