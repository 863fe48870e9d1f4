/*
 * What one user can take from the kernel, and where Linux stops it:
 *
 *   limits fork    fork until the machine's task limit (EAGAIN) or its
 *                  memory (ENOMEM) stops it, the children blocked in a
 *                  read; then kill and reap every child, and fork again.
 *   limits nproc  as an ordinary user (uid 1000) with RLIMIT_NPROC 32:
 *                  31 children, then EAGAIN (the user has 32 processes).
 *   limits maps [exact]
 *                  split one mapping into single-page VMAs with mprotect
 *                  until ENOMEM. With "exact" (enough memory for
 *                  vm.max_map_count VMAs), also Linux's boundary: the
 *                  space then has exactly 65,530 VMAs, so one more mmap
 *                  is allowed and the next is not, and munmap may not
 *                  punch a hole; whole VMAs can still be unmapped.
 *   limits files   open until EMFILE at RLIMIT_NOFILE (1,024): then open,
 *                  dup and pipe fail with EMFILE (open before it looks at
 *                  the path); raising the soft limit to the hard one
 *                  (4,096) lets it go on to there.
 *   limits pipes   pipes until EMFILE, a pipe needing two descriptors;
 *                  data through some of them; all closed.
 *   limits stack   a child stores a page further down its stack each
 *                  time until SIGSEGV: the stack stops growing at
 *                  RLIMIT_STACK (8 MiB).
 *
 * Lines are the same on Linux 6.1 and here (no counts that depend on the
 * machine); the exit status is the number of failed checks.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

#define PAGE 4096UL

static int fork_loop(int nproc)
{
	enum { MAX_KIDS = 1 << 16 };
	static pid_t kids[MAX_KIDS];
	int gate[2], ready[2];
	int n = 0, err = 0;

	check(pipe(gate) == 0 && pipe(ready) == 0, "pipes for the children");
	if (nproc) {
		struct rlimit r = { 32, 32 };
		check(setrlimit(RLIMIT_NPROC, &r) == 0 && setuid(1000) == 0,
		      "RLIMIT_NPROC 32, uid 1000");
	}
	for (;;) {
		pid_t pid = fork();
		if (pid == 0) {
			char c;
			/* Tell the parent we run, then block: nobody writes. */
			write(ready[1], "r", 1);
			read(gate[0], &c, 1);
			_exit(3);
		}
		if (pid < 0) {
			err = errno;
			break;
		}
		kids[n++] = pid;
		char c;
		/* Let the child run up to its read. */
		if (read(ready[0], &c, 1) != 1 || n == MAX_KIDS)
			break;
	}
	if (nproc)
		check(err == EAGAIN && n == 31, "fork stops with EAGAIN after 31 children");
	else
		check(err == EAGAIN || err == ENOMEM, "fork stops with EAGAIN or ENOMEM");
	if (err != EAGAIN && err != ENOMEM)
		printf("limits:   (errno %s after %d)\n", strerrorname_np(err), n);
	check(n >= 16, "at least 16 children first");
	for (int i = 0; i < n; i++)
		kill(kids[i], SIGKILL);
	int killed = 0;
	for (int i = 0; i < n; i++) {
		int status;
		if (waitpid(kids[i], &status, 0) == kids[i] && WIFSIGNALED(status) &&
		    WTERMSIG(status) == SIGKILL)
			killed++;
	}
	check(killed == n, "every child killed and reaped");
	errno = 0;
	check(wait(NULL) == -1 && errno == ECHILD, "no child left");
	pid_t pid = fork();
	if (pid == 0)
		_exit(7);
	int status = 0;
	check(pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
		      WEXITSTATUS(status) == 7,
	      "fork works again once they are gone");
	return 0;
}

static int maps(int exact)
{
	/* Twice as many pages as VMAs can exist: every other page changes. */
	const unsigned long pages = 1UL << 17;
	char *base = mmap(NULL, pages * PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	check(base != MAP_FAILED, "map 512 MiB read-only");
	if (base == MAP_FAILED)
		return 1;
	unsigned long i;
	int err = 0;
	for (i = 0; i < pages; i += 2) {
		if (mprotect(base + i * PAGE, PAGE, PROT_NONE) != 0) {
			err = errno;
			break;
		}
	}
	check(err == ENOMEM, "mprotect splits until ENOMEM");
	check(i >= 1000, "at least 500 splits first");
	if (exact) {
		/* The space has exactly vm.max_map_count VMAs now. */
		fails(munmap(base + (pages - 2) * PAGE, PAGE), ENOMEM,
		      "munmap punching a hole at the limit");
		char *one = mmap(NULL, PAGE, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		check(one != MAP_FAILED, "one more mmap at the limit");
		char *two = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		check(two == MAP_FAILED && errno == ENOMEM, "the next mmap: -1 ENOMEM");
		/* 2 * 65,530 pages cannot hold fewer than 32,765 changes. */
		check(i / 2 > 32000 && i / 2 < 32766, "as many splits as Linux allows");
		if (one != MAP_FAILED)
			check(munmap(one, PAGE) == 0, "munmap of a whole VMA at the limit");
	}
	check(munmap(base, pages * PAGE) == 0, "munmap of it all");
	char *again = mmap(NULL, 4 * PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	check(again != MAP_FAILED && mprotect(again + PAGE, PAGE, PROT_NONE) == 0,
	      "splitting works again");
	return 0;
}

static int files(void)
{
	int n = 0, fd, last = -1;
	while ((fd = open("/", O_RDONLY | O_DIRECTORY)) >= 0) {
		last = fd;
		n++;
	}
	check(errno == EMFILE, "open until EMFILE");
	check(n == 1024 - 3 && last == 1023, "descriptors 3 to 1023");
	fails(open("/no/such/file", O_RDONLY), EMFILE, "open of a missing path when full");
	fails(dup(0), EMFILE, "dup when full");
	int p[2];
	fails(pipe(p), EMFILE, "pipe when full");
	close(1000);
	fails(pipe(p), EMFILE, "pipe with one descriptor free");
	check(open("/", O_RDONLY) == 1000, "the freed descriptor is reused");
	struct rlimit r;
	check(getrlimit(RLIMIT_NOFILE, &r) == 0 && r.rlim_cur == 1024 && r.rlim_max == 4096,
	      "RLIMIT_NOFILE is 1024, hard 4096");
	r.rlim_cur = r.rlim_max;
	check(setrlimit(RLIMIT_NOFILE, &r) == 0, "raise it to 4096");
	n = 0;
	while ((fd = open("/", O_RDONLY)) >= 0) {
		last = fd;
		n++;
	}
	check(errno == EMFILE && n == 4096 - 1024 && last == 4095, "then open until 4095");
	for (fd = 3; fd < 4096; fd++)
		close(fd);
	check(open("/", O_RDONLY) == 3, "all closed");
	return 0;
}

static int pipes(void)
{
	static int ends[4096][2];
	int n = 0;
	while (n < 4096 && pipe(ends[n]) == 0)
		n++;
	check(errno == EMFILE, "pipe until EMFILE");
	check(n == (1024 - 3) / 2, "510 pipes");
	char buf[PAGE], got[PAGE];
	int same = 1;
	for (int i = 0; i < n; i += 16) {
		memset(buf, i & 0xff, sizeof buf);
		for (int k = 0; k < 16; k++)
			if (write(ends[i][1], buf, sizeof buf) != sizeof buf)
				same = 0;
		for (int k = 0; k < 16; k++)
			if (read(ends[i][0], got, sizeof got) != sizeof got || memcmp(buf, got, sizeof got))
				same = 0;
	}
	check(same, "64 KiB through every sixteenth pipe");
	for (int i = 0; i < n; i++) {
		close(ends[i][0]);
		close(ends[i][1]);
	}
	int p[2];
	check(pipe(p) == 0 && p[0] == 3 && p[1] == 4, "all closed");
	return 0;
}

static void on_segv(int sig)
{
	(void)sig;
	_exit(0);
}

static int stack(void)
{
	struct rlimit r;
	check(getrlimit(RLIMIT_STACK, &r) == 0 && r.rlim_cur == 8UL << 20, "RLIMIT_STACK is 8 MiB");
	int p[2];
	check(pipe(p) == 0, "a pipe for the depth");
	pid_t pid = fork();
	if (pid == 0) {
		static char alt[64 << 10];
		stack_t ss = { .ss_sp = alt, .ss_size = sizeof alt };
		struct sigaction sa = { .sa_handler = on_segv, .sa_flags = SA_ONSTACK };
		sigaltstack(&ss, NULL);
		sigaction(SIGSEGV, &sa, NULL);
		volatile char here = 0;
		for (volatile char *q = &here;; q -= PAGE) {
			*q = 1;
			unsigned long depth = (unsigned long)(&here - q);
			write(p[1], &depth, sizeof depth);
		}
	}
	close(p[1]);
	unsigned long depth = 0, d;
	while (read(p[0], &d, sizeof d) == sizeof d)
		depth = d;
	int status = 0;
	waitpid(pid, &status, 0);
	check(WIFEXITED(status) && WEXITSTATUS(status) == 0, "growth past it is SIGSEGV");
	/* The stack's top holds the arguments and environment: a few pages. */
	check(depth > (8UL << 20) - 64 * PAGE && depth < 8UL << 20, "the stack grew to 8 MiB");
	if (!(depth > (8UL << 20) - 64 * PAGE && depth < 8UL << 20))
		printf("limits:   (depth %lu)\n", depth);
	return 0;
}

int main(int argc, char **argv)
{
	check_prefix = "limits";
	setvbuf(stdout, NULL, _IOLBF, 0);
	const char *what = argc > 1 ? argv[1] : "";
	if (!strcmp(what, "fork"))
		fork_loop(0);
	else if (!strcmp(what, "nproc"))
		fork_loop(1);
	else if (!strcmp(what, "maps"))
		maps(argc > 2 && !strcmp(argv[2], "exact"));
	else if (!strcmp(what, "files"))
		files();
	else if (!strcmp(what, "pipes"))
		pipes();
	else if (!strcmp(what, "stack"))
		stack();
	else
		check(0, "usage: limits fork|nproc|maps [exact]|files|pipes|stack");
	return failures;
}
