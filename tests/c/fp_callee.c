/*
 * Plain C, as gcc -O2 compiles it: every function below keeps eight
 * doubles live across a call, so gcc holds them in call-saved registers
 * (s390x's f8-f15, riscv64's fs0-fs7 of fs0-fs11) and saves those in its
 * prologue (`std %f8,...`, `fsd fs0,...`). The call is an event the
 * kernel handles while the values sit in those registers:
 *
 *   fault    a store to a read-only page; the SIGSEGV handler (which does
 *            the same with its own values) mprotects it and returns
 *   signal   kill(getpid(), SIGUSR1); the handler computes with its own
 *            values
 *   switch   fork + wait4; the child computes with its own values and
 *            exits, the parent runs again after it
 *
 * (kill and the fork system call, or clone(SIGCHLD) where there is no
 * fork (riscv64), rather than glibc's raise and fork, which use tgkill and
 * clone with thread flags: this test is about registers.)
 *
 * After each, the values must be what they were. Exits 0 if all are.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/* Where gcc keeps the eight values: the first eight call-saved FPRs. */
#if defined(__s390x__)
#define SAVED_FPRS "f8-f15"
#else
#define SAVED_FPRS "fs0-fs7"
#endif

static volatile double seed = 1.0;	/* volatile: nothing is folded */
static volatile int sink;
static char *page;
static int failures;
static volatile int handled;	/* handlers that ran */

struct eight {
	double v[8];
};

/* Eight values from `base`, each computed with real arithmetic. */
static struct eight make(double base)
{
	struct eight e;

	for (int i = 0; i < 8; i++)
		e.v[i] = base * (i + 1.5) + 1.0 / (i + 3);
	return e;
}

static int same(const struct eight *a, double base)
{
	struct eight e = make(base);

	return memcmp(a, &e, sizeof(e)) == 0;
}

/*
 * Holds eight doubles in SAVED_FPRS across fn(), then checks them. noinline
 * keeps each caller's own frame and prologue; `what` names the event.
 */
__attribute__((noinline)) static int across(void (*fn)(void), double base, const char *what)
{
	double a = seed * base * 1.5 + 1.0 / 3, b = seed * base * 2.5 + 1.0 / 4;
	double c = seed * base * 3.5 + 1.0 / 5, d = seed * base * 4.5 + 1.0 / 6;
	double e = seed * base * 5.5 + 1.0 / 7, f = seed * base * 6.5 + 1.0 / 8;
	double g = seed * base * 7.5 + 1.0 / 9, h = seed * base * 8.5 + 1.0 / 10;

	fn();
	struct eight got = { { a, b, c, d, e, f, g, h } };
	if (!same(&got, seed * base)) {
		printf("FAIL %s: " SAVED_FPRS " changed: %g %g %g %g %g %g %g %g\n", what, a, b, c, d, e, f,
		       g, h);
		failures++;
		return 1;
	}
	return 0;
}

/* What a handler or a child computes: its own eight live values. */
__attribute__((noinline)) static void busy_inner(void)
{
	sink++;
}

__attribute__((noinline)) static void busy(double base)
{
	double a = seed * base + 11, b = seed * base + 12, c = seed * base + 13;
	double d = seed * base + 14, e = seed * base + 15, f = seed * base + 16;
	double g = seed * base + 17, h = seed * base + 18;

	busy_inner();
	if (a + b + c + d + e + f + g + h != seed * base * 8 + 116) {
		printf("FAIL: a handler's own doubles changed across a call\n");
		failures++;
	}
}

static void on_segv(int sig)
{
	handled++;
	busy(-7.25);
	mprotect(page, 4096, PROT_READ | PROT_WRITE);
}

static void on_usr1(int sig)
{
	handled++;
	busy(1e6);
}

__attribute__((noinline)) static void fault(void)
{
	*(volatile char *)page = 1;
}

__attribute__((noinline)) static void signal_self(void)
{
	kill(getpid(), SIGUSR1);
}

/*
 * The child's last function: it exits with its own eight values live in
 * SAVED_FPRS (exit is an ordinary call to gcc), so a kernel that let them
 * leak would hand them to the parent.
 */
__attribute__((noinline)) static void child_exits(double base)
{
	double a = seed * base + 21, b = seed * base + 22, c = seed * base + 23;
	double d = seed * base + 24, e = seed * base + 25, f = seed * base + 26;
	double g = seed * base + 27, h = seed * base + 28;

	syscall(SYS_exit, failures ? 1 : 0);
	sink = a + b + c + d + e + f + g + h;	/* not reached */
}

__attribute__((noinline)) static void task_switch(void)
{
#ifdef SYS_fork
	pid_t pid = syscall(SYS_fork);
#else
	pid_t pid = syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0);
#endif

	if (pid == 0) {
		busy(-3e3);
		child_exits(-4e4);
	}
	int status;
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0) {
		printf("FAIL switch: the child failed\n");
		failures++;
	}
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	page = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page == MAP_FAILED) {
		printf("FAIL mmap\n");
		return 1;
	}
	signal(SIGSEGV, on_segv);
	signal(SIGUSR1, on_usr1);
	if (!across(fault, 2.0, "fault"))
		printf("ok fault: " SAVED_FPRS " kept\n");
	if (page[0] != 1 || handled != 1) {
		printf("FAIL fault: the handler ran %d times, the store %s\n", handled,
		       page[0] == 1 ? "completed" : "did not complete");
		failures++;
	}
	if (!across(signal_self, 3.0, "signal"))
		printf("ok signal: " SAVED_FPRS " kept\n");
	if (handled != 2) {
		printf("FAIL signal: the handler did not run\n");
		failures++;
	}
	if (!across(task_switch, 5.0, "switch"))
		printf("ok switch: " SAVED_FPRS " kept\n");
	printf("%s\n", failures ? "FAIL" : "PASS");
	return failures != 0;
}
