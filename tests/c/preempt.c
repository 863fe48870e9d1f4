/*
 * Preemption: a task that never leaves user mode cannot keep the CPU
 * from the others. Each case is one argument; without a timer tick that
 * ends a time slice, each one hangs (the spinner runs for ever) until the
 * harness's timeout.
 *
 *   sleep_kill     a child in `for (;;);`, killed by its parent after the
 *                  parent slept (nanosleep): the parent must get to run
 *   wait_sibling   the parent waits (wait4) for a child that has work to
 *                  do, while another child spins
 *   kill_sibling   a child that loops on a system call that never blocks
 *                  (getppid) is killed with SIGKILL by its sibling
 *   segv_sigreturn a child whose SIGSEGV handler is a sigreturn stores to
 *                  address 0: as on Linux it faults, "handles" and faults
 *                  again for ever; its parent kills it
 *   interleave     parent and child compute at once without a system call
 *                  between chunks; the parent sees the child progress
 *                  meanwhile (so it was preempted), and both results are
 *                  right (every register survived the preemptions)
 *
 * Prints "preempt: ok ..." lines; the exit status is the number of failed
 * checks.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

/* check.h's helper for calls that must fail; no case here has one. */
static void (*const unused_fails)(long, int, const char *) __attribute__((unused)) = fails;

/* Sleep `ms` milliseconds with nanosleep (the parent blocks, a sleeper). */
static void sleep_ms(long ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

static pid_t fork_or_die(void)
{
	pid_t pid = fork();
	if (pid < 0) {
		perror("fork");
		exit(100);
	}
	return pid;
}

/* A child that never leaves user mode. */
static void spin(void)
{
	for (;;)
		;
}

/* Whether `pid` ended by SIGKILL. */
static int killed(pid_t pid)
{
	int status = 0;
	pid_t r = waitpid(pid, &status, 0);
	return r == pid && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
}

static void sleep_kill(void)
{
	pid_t child = fork_or_die();
	if (child == 0)
		spin();
	sleep_ms(30);
	check(kill(child, SIGKILL) == 0, "kill(spinning child, SIGKILL) after nanosleep");
	check(killed(child), "the spinning child died of SIGKILL");
}

static void wait_sibling(void)
{
	pid_t spinner = fork_or_die();
	if (spinner == 0)
		spin();
	pid_t worker = fork_or_die();
	if (worker == 0) {
		/* Work that needs CPU time, then a status. */
		volatile unsigned long x = 0;
		for (unsigned long i = 0; i < 200000; i++)
			x += i;
		_exit(7);
	}
	int status = 0;
	pid_t r = waitpid(worker, &status, 0);
	check(r == worker && WIFEXITED(status) && WEXITSTATUS(status) == 7,
	      "wait4 for a working child returns its status while a sibling spins");
	kill(spinner, SIGKILL);
	check(killed(spinner), "the spinner died of SIGKILL");
}

static void kill_sibling(void)
{
	pid_t spinner = fork_or_die();
	if (spinner == 0)
		for (;;)
			getppid();
	pid_t killer = fork_or_die();
	if (killer == 0)
		_exit(kill(spinner, SIGKILL) == 0 ? 0 : 1);
	check(killed(spinner), "a child looping on getppid dies of its sibling's SIGKILL");
	int status = 0;
	check(waitpid(killer, &status, 0) == killer && WIFEXITED(status) &&
		      WEXITSTATUS(status) == 0,
	      "the sibling's kill succeeded");
}

/* rt_sigreturn as a signal handler: the frame it finds at the stack
 * pointer is the one the kernel just wrote, so it returns to the store
 * that faulted. */
extern void sigreturn_handler(int);
#if defined(__s390x__)
__asm__(".text\n.globl sigreturn_handler\n.type sigreturn_handler,@function\n"
	"sigreturn_handler:\n\tsvc 173\n");
#elif defined(__riscv)
__asm__(".text\n.globl sigreturn_handler\n.type sigreturn_handler,@function\n"
	"sigreturn_handler:\n\tli a7, 139\n\tecall\n");
#else
#error "no rt_sigreturn for this architecture"
#endif

static void segv_sigreturn(void)
{
	pid_t child = fork_or_die();
	if (child == 0) {
		struct sigaction sa;
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = sigreturn_handler;
		sa.sa_flags = SA_SIGINFO;
		if (sigaction(SIGSEGV, &sa, NULL) != 0)
			_exit(1);
		*(volatile int *)0 = 1;
		_exit(2); /* never: the store faults for ever */
	}
	sleep_ms(30);
	check(kill(child, SIGKILL) == 0, "kill(child faulting for ever, SIGKILL)");
	check(killed(child), "the child looping on SIGSEGV died of SIGKILL");
}

/* Integer and floating-point work, the same for the same seed. */
static uint64_t chunk(uint64_t h, double *f)
{
	for (int i = 0; i < 20000; i++) {
		h = h * 6364136223846793005ULL + 1442695040888963407ULL;
		*f = *f * 0.999999 + (double)(h >> 40) * 1e-9;
	}
	return h ^ (uint64_t)(*f * 1e6);
}

#define CHUNKS 300

static uint64_t compute(uint64_t seed, int report_fd, int watch_fd, int *seen)
{
	uint64_t h = seed;
	double f = 1.0;
	for (int c = 0; c < CHUNKS; c++) {
		h = chunk(h, &f);
		if (report_fd >= 0)
			(void)!write(report_fd, "x", 1);
		if (watch_fd >= 0) {
			char buf[64];
			ssize_t n = read(watch_fd, buf, sizeof buf);
			if (n > 0)
				*seen += n;
		}
	}
	return h;
}

static void interleave(void)
{
	int progress[2], result[2];
	if (pipe2(progress, O_NONBLOCK) != 0 || pipe(result) != 0) {
		perror("pipe");
		exit(100);
	}
	pid_t child = fork_or_die();
	if (child == 0) {
		uint64_t h = compute(1, progress[1], -1, NULL);
		(void)!write(result[1], &h, sizeof h);
		_exit(0);
	}
	int seen = 0;
	uint64_t mine = compute(2, -1, progress[0], &seen);
	uint64_t theirs = 0;
	check(read(result[0], &theirs, sizeof theirs) == sizeof theirs, "the child's result");
	int status = 0;
	check(waitpid(child, &status, 0) == child && WIFEXITED(status) &&
		      WEXITSTATUS(status) == 0,
	      "the child exited 0");
	printf("preempt: the parent saw %d of %d child chunks while it computed\n", seen,
	       CHUNKS);
	check(seen > 0, "the child ran while the parent computed without blocking");
	check(theirs == compute(1, -1, -1, NULL), "the child's result is right");
	check(mine == compute(2, -1, -1, NULL), "the parent's result is right");
}

int main(int argc, char **argv)
{
	check_prefix = "preempt";
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc != 2) {
		fprintf(stderr, "usage: preempt CASE\n");
		return 100;
	}
	const char *c = argv[1];
	if (!strcmp(c, "sleep_kill"))
		sleep_kill();
	else if (!strcmp(c, "wait_sibling"))
		wait_sibling();
	else if (!strcmp(c, "kill_sibling"))
		kill_sibling();
	else if (!strcmp(c, "segv_sigreturn"))
		segv_sigreturn();
	else if (!strcmp(c, "interleave"))
		interleave();
	else {
		fprintf(stderr, "preempt: unknown case %s\n", c);
		return 100;
	}
	return failures;
}
