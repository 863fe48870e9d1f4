/*
 * Floating-point registers across a signal round trip (riscv64), checked
 * instruction by instruction (inline assembly: the compiler must not move
 * anything between loading the registers and reading them back). The
 * riscv64 counterpart of tests/c/s390x/fp_signal.c.
 *
 * Linux 6.1's riscv64 frame (arch/riscv/kernel/signal.c) keeps the FP
 * state in uc_mcontext.__fpregs: the D-extension view (f0-f31 as 64-bit
 * values, then fcsr) of a union whose Q-extension view ends in three
 * reserved words, zero in every frame Linux writes and required to be
 * zero at sigreturn (restore_fp_state refuses the frame otherwise, and
 * the task gets SIGSEGV).
 *
 * 1. A signal (kill to itself) and a fault (a store to a read-only page
 *    whose SIGSEGV handler mprotects it) each interrupt code that holds a
 *    known value in f0-f31 and the fcsr (rounding mode and accrued
 *    flags). The handler checks that the frame holds exactly those values
 *    and zero reserved words, then overwrites every FP register and the
 *    fcsr; after the return every register has its value again.
 * 2. A handler that changes f0, f9, f31 and the fcsr in the frame finds
 *    the change in the registers after it returns.
 * 3. sigreturn refuses a frame with any reserved word set: the task dies
 *    of SIGSEGV (each word tried in a child).
 *
 * Exits 0 if all pass. riscv has no trapping IEEE exceptions (the F and D
 * extensions only accrue flags), so there is no SIGFPE case.
 */
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/ucontext.h>
#include <sys/wait.h>
#include <unistd.h>

/* Linux 6.1's layout, which glibc's ucontext_t mirrors: uc_mcontext at
 * 176, the FP state after the 32 general registers, fcsr after f0-f31,
 * the reserved words at the end of the 528-byte union. */
_Static_assert(offsetof(ucontext_t, uc_mcontext) == 176, "uc_mcontext");
_Static_assert(offsetof(mcontext_t, __fpregs) == 256, "__fpregs");
_Static_assert(offsetof(struct __riscv_mc_d_ext_state, __fcsr) == 256, "d.__fcsr");
_Static_assert(offsetof(struct __riscv_mc_q_ext_state, __glibc_reserved) == 516, "q.reserved");
_Static_assert(sizeof(union __riscv_mc_fp_state) == 528, "fp state");

#define NFPR 32
#define NRESERVED 3

struct fpstate {
	uint64_t f[NFPR];	/* 0: f0-f31 */
	uint32_t fcsr;		/* 256 */
	uint32_t pad;
};
_Static_assert(offsetof(struct fpstate, fcsr) == 256, "fcsr");

/* fcsr: accrued flags in bits 0-4 (NV DZ OF UF NX), rounding mode in
 * bits 5-7; the rest reads as zero. */
#define FCSR_NX 0x01u
#define FCSR_OF 0x04u
#define FCSR_DZ 0x08u
#define FCSR_NV 0x10u
#define FRM(m) ((uint32_t)(m) << 5)
#define FRM_RTZ 1
#define FRM_RDN 2
#define FRM_RUP 3
#define FRM_RMM 4

#define FP_CLOBBERS "f0", "f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8", "f9", "f10", \
	"f11", "f12", "f13", "f14", "f15", "f16", "f17", "f18", "f19", "f20", "f21", "f22", \
	"f23", "f24", "f25", "f26", "f27", "f28", "f29", "f30", "f31"

/* Loads f0-f31 and the fcsr from *s (t0 as scratch). */
#define LOAD_STATE(s)						\
	".irp i,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31\n" \
	"fld f\\i,8*\\i(" s ")\n"				\
	".endr\n"						\
	"lw t0,256(" s ")\n"					\
	"fscsr t0\n"

/* Stores them into *s. */
#define STORE_STATE(s)						\
	"frcsr t0\n"						\
	"sw t0,256(" s ")\n"					\
	".irp i,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31\n" \
	"fsd f\\i,8*\\i(" s ")\n"				\
	".endr\n"

static const struct fpstate *expect;	/* what the frame must hold */
static int frame_errors;
static volatile int handled;	/* handlers that ran */
static char frame_report[256];
static char *page;

static uint64_t mix(uint64_t x)
{
	x ^= x >> 31;
	x *= 0x9e3779b97f4a7c15ULL;
	return x ^ (x >> 29);
}

static void fill(struct fpstate *s, uint64_t seed, uint32_t fcsr)
{
	memset(s, 0, sizeof(*s));
	for (int i = 0; i < NFPR; i++)
		s->f[i] = mix(seed + i);
	s->fcsr = fcsr;
}

/*
 * Loads *in, then raises `sig` with kill (sig != 0) or stores to `page`
 * (sig == 0), then stores every register into *out. The fcsr is zero
 * afterwards.
 */
static void round_trip(const struct fpstate *in, struct fpstate *out, int sig)
{
	long pid = getpid();

	memset(out, 0, sizeof(*out));
	__asm__ volatile(
		LOAD_STATE("%[in]")
		"beqz %[sig],1f\n"
		"mv a0,%[pid]\n"
		"mv a1,%[sig]\n"
		"li a7,%[nr_kill]\n"
		"ecall\n"			/* kill(getpid(), sig) */
		"j 2f\n"
		"1: li t0,1\n"
		"sb t0,0(%[page])\n"		/* faults: the page is read-only */
		"2:\n"
		STORE_STATE("%[out]")
		"fscsr zero\n"
		:
		: [in] "r"(in), [out] "r"(out), [sig] "r"((long)sig), [pid] "r"(pid),
		  [page] "r"(page), [nr_kill] "i"(SYS_kill)
		: "a0", "a1", "a7", "t0", "memory", FP_CLOBBERS);
}

/* Overwrites every register the frame restores (from inside a handler). */
static void clobber(void)
{
	static struct fpstate junk;

	fill(&junk, 0xbad, FRM(FRM_RDN) | FCSR_NV | FCSR_OF);
	__asm__ volatile(LOAD_STATE("%[j]") : : [j] "r"(&junk) : "t0", "memory", FP_CLOBBERS);
}

static void frame_error(const char *what, int i, uint64_t got, uint64_t want)
{
	if (frame_errors++ == 0)
		snprintf(frame_report, sizeof(frame_report),
			 "frame %s[%d] = %#llx, expected %#llx", what, i,
			 (unsigned long long)got, (unsigned long long)want);
}

static void check_frame(const ucontext_t *uc)
{
	const struct fpstate *e = expect;
	const union __riscv_mc_fp_state *fp = &uc->uc_mcontext.__fpregs;

	if (fp->__d.__fcsr != e->fcsr)
		frame_error("fcsr", 0, fp->__d.__fcsr, e->fcsr);
	for (int i = 0; i < NFPR; i++)
		if (fp->__d.__f[i] != e->f[i])
			frame_error("f", i, fp->__d.__f[i], e->f[i]);
	for (int i = 0; i < NRESERVED; i++)
		if (fp->__q.__glibc_reserved[i] != 0)
			frame_error("reserved", i, fp->__q.__glibc_reserved[i], 0);
}

static void on_usr1(int sig, siginfo_t *si, void *ctx)
{
	handled++;
	check_frame(ctx);
	clobber();
}

static void on_segv(int sig, siginfo_t *si, void *ctx)
{
	handled++;
	check_frame(ctx);
	clobber();
	mprotect(page, 4096, PROT_READ | PROT_WRITE);
}

/* The changes on_usr2 makes in the frame. */
#define NEW_F0 0x400921fb54442d18ULL	/* pi */
#define NEW_F9 0xc000000000000000ULL	/* -2.0 */
#define NEW_F31 0x3131313131313131ULL
#define NEW_FCSR (FRM(FRM_RUP) | FCSR_DZ)

static void on_usr2(int sig, siginfo_t *si, void *ctx)
{
	ucontext_t *uc = ctx;

	handled++;
	check_frame(uc);
	uc->uc_mcontext.__fpregs.__d.__f[0] = NEW_F0;
	uc->uc_mcontext.__fpregs.__d.__f[9] = NEW_F9;
	uc->uc_mcontext.__fpregs.__d.__f[31] = NEW_F31;
	uc->uc_mcontext.__fpregs.__d.__fcsr = NEW_FCSR;
	clobber();
}

static int reserved_to_set;

static void on_usr2_set_reserved(int sig, siginfo_t *si, void *ctx)
{
	((ucontext_t *)ctx)->uc_mcontext.__fpregs.__q.__glibc_reserved[reserved_to_set] = 1;
}

static void handle(int sig, void (*fn)(int, siginfo_t *, void *))
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = fn;
	sa.sa_flags = SA_SIGINFO;
	sigaction(sig, &sa, NULL);
}

static int compare(const char *what, const struct fpstate *got, const struct fpstate *want)
{
	int bad = 0;

	if (got->fcsr != want->fcsr) {
		printf("FAIL %s: fcsr %#x, expected %#x\n", what, got->fcsr, want->fcsr);
		bad++;
	}
	for (int i = 0; i < NFPR; i++)
		if (got->f[i] != want->f[i] && bad++ < 4)
			printf("FAIL %s: f%d %#llx, expected %#llx\n", what, i,
			       (unsigned long long)got->f[i], (unsigned long long)want->f[i]);
	if (handled != 1) {
		printf("FAIL %s: the handler ran %d times\n", what, handled);
		bad++;
	}
	handled = 0;
	if (frame_errors) {
		printf("FAIL %s: %d wrong frame fields; first: %s\n", what, frame_errors, frame_report);
		bad++;
	}
	frame_errors = 0;
	if (!bad)
		printf("ok %s\n", what);
	return bad != 0;
}

/* 1: a signal and a fault leave every register as it was. */
static int check_round_trips(void)
{
	struct fpstate in, out;
	int failed = 0;

	fill(&in, 1, FRM(FRM_RTZ) | FCSR_NX);
	expect = &in;
	handle(SIGUSR1, on_usr1);
	round_trip(&in, &out, SIGUSR1);
	failed += compare("signal round trip", &out, &in);

	fill(&in, 2, FRM(FRM_RMM) | FCSR_NV | FCSR_DZ);
	handle(SIGSEGV, on_segv);
	mprotect(page, 4096, PROT_READ);
	round_trip(&in, &out, 0);
	failed += compare("fault round trip", &out, &in);
	if (page[0] != 1) {
		printf("FAIL fault round trip: the store did not complete\n");
		failed++;
	}
	signal(SIGSEGV, SIG_DFL);
	return failed;
}

/* 2: what a handler writes into the frame is what the task resumes with. */
static int check_frame_changes(void)
{
	struct fpstate in, out, want;

	fill(&in, 3, FRM(FRM_RTZ));
	expect = &in;
	want = in;
	want.f[0] = NEW_F0;
	want.f[9] = NEW_F9;
	want.f[31] = NEW_F31;
	want.fcsr = NEW_FCSR;
	handle(SIGUSR2, on_usr2);
	round_trip(&in, &out, SIGUSR2);
	return compare("handler changes the frame", &out, &want);
}

/*
 * In a child: a handler sets reserved word `i` in the frame. Returns 1 if
 * sigreturn took the frame (the child went on), 0 if the child died of
 * SIGSEGV, -1 for anything else.
 */
static int reserved_accepted(int i)
{
	int status;
	pid_t child = fork();

	if (child == 0) {
		reserved_to_set = i;
		handle(SIGUSR2, on_usr2_set_reserved);
		signal(SIGSEGV, SIG_DFL);
		raise(SIGUSR2);
		_exit(0);
	}
	if (child < 0 || waitpid(child, &status, 0) != child)
		return -1;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 1;
	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV)
		return 0;
	return -1;
}

/* 3: sigreturn refuses a frame with a reserved word set. */
static int check_reserved_rule(void)
{
	int failed = 0;

	for (int i = 0; i < NRESERVED; i++) {
		int ok = reserved_accepted(i);

		if (ok != 0) {
			printf("FAIL reserved word %d set: %s\n", i,
			       ok > 0 ? "sigreturn took the frame" :
					"the child neither exited 0 nor died of SIGSEGV");
			failed++;
		}
	}
	if (!failed)
		printf("ok sigreturn refuses a frame with a reserved FP word set (SIGSEGV)\n");
	return failed;
}

int main(void)
{
	int failed = 0;

	setvbuf(stdout, NULL, _IONBF, 0);
	page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page == MAP_FAILED) {
		printf("FAIL mmap\n");
		return 1;
	}
	failed += check_round_trips();
	failed += check_frame_changes();
	failed += check_reserved_rule();
	printf("%s\n", failed ? "FAIL" : "PASS");
	return failed != 0;
}
