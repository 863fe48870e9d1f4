/*
 * Floating-point, vector and access registers across a signal round trip,
 * checked instruction by instruction (inline assembly: the compiler must
 * not move anything between loading the registers and reading them back).
 *
 *   fp_signal          every check below; exits 0 if all pass
 *   fp_signal scan     prints which FPC values sigreturn refuses
 *
 * 1. A signal (kill to itself) and a fault (a store to a read-only page
 *    whose SIGSEGV handler mprotects it) each interrupt code that holds a
 *    known value in f0-f15, the FPC, a2-a15 and, where the CPU has vectors
 *    (AT_HWCAP), in all of v0-v31. The handler checks that the frame holds
 *    exactly those values (and UC_VXRS in uc_flags iff vectors exist),
 *    then overwrites every register; after the return every register has
 *    its value again.
 * 2. A handler that changes f0, f9, the FPC, a7, the low half of v0, v16
 *    and v31 in the frame finds the change in the registers after it
 *    returns.
 * 3. sigreturn refuses an FPC value the CPU refuses (Linux tests it with
 *    SFPC): the task dies of SIGSEGV. Each single FPC bit and every
 *    rounding mode is tried in a child; the refused set must be the one
 *    measured on Linux 6.1.
 * 4. A trapping IEEE exception (division by zero with its FPC mask bit
 *    on) is SIGFPE with si_code FPE_FLTDIV, and the frame's FPC holds the
 *    data-exception code 0x40, as on Linux.
 *
 * Built as Linux programs are (gcc -O2, hard float, glibc static); the
 * vector instructions are assembled under ".machine z13" and run only when
 * AT_HWCAP has HWCAP_S390_VXRS.
 */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "s390x_frame.h"

struct fpstate {
	uint64_t f[16];		/* 0: f0-f15 (bits 0-63 of v0-v15) */
	uint64_t vlow[16];	/* 128: bits 64-127 of v0-v15 */
	uint64_t vhigh[16][2];	/* 256: v16-v31 */
	uint32_t a[16];		/* 512: a0-a15 (a0/a1 are glibc's, untouched) */
	uint32_t fpc;		/* 576 */
};
_Static_assert(offsetof(struct fpstate, vlow) == 128, "vlow");
_Static_assert(offsetof(struct fpstate, vhigh) == 256, "vhigh");
_Static_assert(offsetof(struct fpstate, a) == 512, "a");
_Static_assert(offsetof(struct fpstate, fpc) == 576, "fpc");

#define FP_CLOBBERS "f0", "f1", "f2", "f3", "f4", "f5", "f6", "f7", \
	"f8", "f9", "f10", "f11", "f12", "f13", "f14", "f15"

/* Loads every register of *s (a2-a15 only; the vectors where vx). */
#define LOAD_STATE(s)							\
	"lam %%a2,%%a15,512+8(" s ")\n"					\
	".irp i,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15\n"		\
	"ld %%f\\i,8*\\i(" s ")\n"					\
	".endr\n"							\
	"ltr %[vx],%[vx]\n"						\
	"jz 91f\n"							\
	".machine push\n.machine z13\n"					\
	".irp i,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15\n"		\
	"vleg %%v\\i,128+8*\\i(" s "),1\n"				\
	".endr\n"							\
	"vlm %%v16,%%v31,256(" s ")\n"					\
	".machine pop\n"						\
	"91:\n"								\
	"lfpc 576(" s ")\n"

/* Stores every register into *s. */
#define STORE_STATE(s)							\
	"stfpc 576(" s ")\n"						\
	".irp i,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15\n"		\
	"std %%f\\i,8*\\i(" s ")\n"					\
	".endr\n"							\
	"ltr %[vx],%[vx]\n"						\
	"jz 92f\n"							\
	".machine push\n.machine z13\n"					\
	".irp i,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15\n"		\
	"vsteg %%v\\i,128+8*\\i(" s "),1\n"				\
	".endr\n"							\
	"vstm %%v16,%%v31,256(" s ")\n"					\
	".machine pop\n"						\
	"92:\n"								\
	"stam %%a2,%%a15,512+8(" s ")\n"

static int vx;
static const struct fpstate zero;
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

static void fill(struct fpstate *s, uint64_t seed, uint32_t fpc)
{
	memset(s, 0, sizeof(*s));
	for (int i = 0; i < 16; i++) {
		s->f[i] = mix(seed + i);
		s->vlow[i] = vx ? mix(seed + 100 + i) : 0;
		s->vhigh[i][0] = vx ? mix(seed + 200 + i) : 0;
		s->vhigh[i][1] = vx ? mix(seed + 300 + i) : 0;
		if (i >= 2)
			s->a[i] = (uint32_t)mix(seed + 400 + i);
	}
	s->fpc = fpc;
}

/*
 * Loads *in, then raises `sig` with kill (sig != 0) or stores to `page`
 * (sig == 0), then stores every register into *out. a2-a15 and the FPC
 * are zero afterwards.
 */
static void round_trip(const struct fpstate *in, struct fpstate *out, int sig)
{
	long pid = getpid();

	memset(out, 0, sizeof(*out));
	__asm__ volatile(
		LOAD_STATE("%[in]")
		"ltr %[sig],%[sig]\n"
		"jz 1f\n"
		"lgr %%r2,%[pid]\n"
		"lgr %%r3,%[sig]\n"
		"svc 37\n"			/* kill(getpid(), sig) */
		"j 2f\n"
		"1: mvi 0(%[page]),1\n"		/* faults: the page is read-only */
		"2:\n"
		STORE_STATE("%[out]")
		"lam %%a2,%%a15,512+8(%[zero])\n"
		"lfpc 576(%[zero])\n"
		:
		: [in] "a"(in), [out] "a"(out), [zero] "a"(&zero), [vx] "d"(vx),
		  [sig] "d"((long)sig), [pid] "d"(pid), [page] "a"(page)
		: "r2", "r3", "cc", "memory", FP_CLOBBERS);
}

/* Overwrites every register the frame restores (from inside a handler). */
static void clobber(void)
{
	static struct fpstate junk;

	fill(&junk, 0xbad, 3);		/* rounding mode 3: toward -infinity */
	__asm__ volatile(LOAD_STATE("%[j]")
			 : : [j] "a"(&junk), [vx] "d"(vx) : "cc", "memory", FP_CLOBBERS);
}

static void frame_error(const char *what, int i, uint64_t got, uint64_t want)
{
	if (frame_errors++ == 0)
		snprintf(frame_report, sizeof(frame_report),
			 "frame %s[%d] = %#llx, expected %#llx", what, i,
			 (unsigned long long)got, (unsigned long long)want);
}

static void check_frame(const struct frame_ucontext *uc)
{
	const struct fpstate *e = expect;

	if (!!(uc->uc_flags & UC_VXRS) != vx)
		frame_error("uc_flags", 0, uc->uc_flags, vx ? UC_VXRS : 0);
	if (uc->mc.fpc != e->fpc)
		frame_error("fpc", 0, uc->mc.fpc, e->fpc);
	for (int i = 0; i < 16; i++) {
		if (uc->mc.fprs[i] != e->f[i])
			frame_error("fprs", i, uc->mc.fprs[i], e->f[i]);
		if (i >= 2 && uc->mc.acrs[i] != e->a[i])
			frame_error("acrs", i, uc->mc.acrs[i], e->a[i]);
		if (!vx)
			continue;
		if (uc->vxrs_low[i] != e->vlow[i])
			frame_error("vxrs_low", i, uc->vxrs_low[i], e->vlow[i]);
		for (int h = 0; h < 2; h++)
			if (uc->vxrs_high[i][h] != e->vhigh[i][h])
				frame_error("vxrs_high", i * 2 + h, uc->vxrs_high[i][h],
					    e->vhigh[i][h]);
	}
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
#define NEW_FPC 0x00000002u		/* rounding mode 2: toward +infinity */
#define NEW_A7 0x7a7a7a7au
#define NEW_V0_LOW 0x0123456789abcdefULL
#define NEW_V16_HIGH 0x1616161616161616ULL
#define NEW_V31_LOW 0x3131313131313131ULL

static void on_usr2(int sig, siginfo_t *si, void *ctx)
{
	struct frame_ucontext *uc = ctx;

	handled++;
	check_frame(uc);
	uc->mc.fprs[0] = NEW_F0;
	uc->mc.fprs[9] = NEW_F9;
	uc->mc.fpc = NEW_FPC;
	uc->mc.acrs[7] = NEW_A7;
	if (uc->uc_flags & UC_VXRS) {
		uc->vxrs_low[0] = NEW_V0_LOW;
		uc->vxrs_high[0][0] = NEW_V16_HIGH;
		uc->vxrs_high[15][1] = NEW_V31_LOW;
	}
	clobber();
}

static uint32_t fpc_to_set;

static void on_usr2_set_fpc(int sig, siginfo_t *si, void *ctx)
{
	((struct frame_ucontext *)ctx)->mc.fpc = fpc_to_set;
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

	if (got->fpc != want->fpc) {
		printf("FAIL %s: fpc %#x, expected %#x\n", what, got->fpc, want->fpc);
		bad++;
	}
	for (int i = 0; i < 16; i++) {
		if (got->f[i] != want->f[i] && bad++ < 4)
			printf("FAIL %s: f%d %#llx, expected %#llx\n", what, i,
			       (unsigned long long)got->f[i], (unsigned long long)want->f[i]);
		if (i >= 2 && got->a[i] != want->a[i] && bad++ < 4)
			printf("FAIL %s: a%d %#x, expected %#x\n", what, i, got->a[i], want->a[i]);
		if (got->vlow[i] != want->vlow[i] && bad++ < 4)
			printf("FAIL %s: v%d low %#llx, expected %#llx\n", what, i,
			       (unsigned long long)got->vlow[i], (unsigned long long)want->vlow[i]);
		if (memcmp(got->vhigh[i], want->vhigh[i], 16) != 0 && bad++ < 4)
			printf("FAIL %s: v%d differs\n", what, 16 + i);
	}
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

	/* Rounding mode 1 (toward zero) and the inexact flag. */
	fill(&in, 1, 0x00080001);
	expect = &in;
	handle(SIGUSR1, on_usr1);
	round_trip(&in, &out, SIGUSR1);
	failed += compare("signal round trip", &out, &in);

	fill(&in, 2, 0x00000001);
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

	fill(&in, 3, 0x00000001);
	expect = &in;
	want = in;
	want.f[0] = NEW_F0;
	want.f[9] = NEW_F9;
	want.fpc = NEW_FPC;
	want.a[7] = NEW_A7;
	if (vx) {
		want.vlow[0] = NEW_V0_LOW;
		want.vhigh[0][0] = NEW_V16_HIGH;
		want.vhigh[15][1] = NEW_V31_LOW;
	}
	handle(SIGUSR2, on_usr2);
	round_trip(&in, &out, SIGUSR2);
	return compare("handler changes the frame", &out, &want);
}

/*
 * In a child: a handler puts `fpc` in the frame. Returns 1 if sigreturn
 * took it (the FPC holds it afterwards), 0 if the task died of SIGSEGV,
 * -1 for anything else.
 */
static int fpc_accepted(uint32_t fpc)
{
	int status;
	pid_t child = syscall(SYS_fork);	/* glibc's fork uses clone flags */

	if (child == 0) {
		uint32_t got;
		long pid = getpid();

		fpc_to_set = fpc;
		handle(SIGUSR2, on_usr2_set_fpc);
		signal(SIGSEGV, SIG_DFL);
		__asm__ volatile(
			"lgr %%r2,%[pid]\n"
			"lghi %%r3,12\n"
			"svc 37\n"		/* kill(getpid(), SIGUSR2) */
			"stfpc %[got]\n"
			"lfpc %[zero]\n"	/* nothing below runs with traps enabled */
			: [got] "=Q"(got)
			: [pid] "d"(pid), [zero] "Q"(zero.fpc)
			: "r2", "r3", "memory");
		_exit(got == fpc ? 0 : 3);
	}
	if (child < 0 || waitpid(child, &status, 0) != child)
		return -1;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 1;
	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV)
		return 0;
	return -1;
}

/* Every single FPC bit, then every BFP (bits 29-31) and DFP (bits 25-27)
 * rounding mode. */
static int candidates(uint32_t *v)
{
	int n = 0;

	for (int bit = 0; bit < 32; bit++)
		v[n++] = 1u << (31 - bit);
	for (uint32_t m = 3; m < 8; m++)
		if (m != 4)
			v[n++] = m;		/* BFP rounding modes 3, 5, 6, 7 */
	for (uint32_t m = 3; m < 8; m++)
		if (m != 4)
			v[n++] = m << 4;	/* DFP rounding modes 3, 5, 6, 7 */
	return n;
}

/*
 * The FPC values Linux 6.1 refuses in QEMU 7.2's default CPU model
 * (measured with "fp_signal scan"): the reserved bits 6, 7, 14, 15, 24
 * and 28, and the BFP rounding modes 4, 5 and 6 (bits 29-31).
 */
static const uint32_t linux_refuses[] = {
	0x02000000, 0x01000000, 0x00020000, 0x00010000, 0x00000080, 0x00000008,
	0x00000004, 0x00000005, 0x00000006,
};

static int refused_by_linux(uint32_t v)
{
	for (unsigned i = 0; i < sizeof(linux_refuses) / sizeof(linux_refuses[0]); i++)
		if (linux_refuses[i] == v)
			return 1;
	return 0;
}

/* 3: sigreturn refuses exactly the FPC values Linux refuses. */
static int check_fpc_rule(int scan)
{
	uint32_t v[64];
	int n = candidates(v), failed = 0;

	if (scan)
		printf("refused:");
	for (int i = 0; i < n; i++) {
		int ok = fpc_accepted(v[i]);

		if (ok < 0) {
			printf("\nFAIL fpc %#010x: the child neither exited 0 nor died of SIGSEGV\n", v[i]);
			failed++;
		} else if (scan) {
			if (!ok)
				printf(" %#010x", v[i]);
		} else if (ok == refused_by_linux(v[i])) {
			printf("FAIL fpc %#010x: %s here, %s on Linux\n", v[i],
			       ok ? "accepted" : "refused", ok ? "refused" : "accepted");
			failed++;
		}
	}
	if (scan)
		printf("\n");
	else if (!failed)
		printf("ok sigreturn refuses the FPC values Linux refuses (%d tried)\n", n);
	return failed;
}

static volatile int fpe_code;
static volatile uint32_t fpe_fpc;

static void on_fpe(int sig, siginfo_t *si, void *ctx)
{
	struct frame_ucontext *uc = ctx;

	handled++;
	fpe_code = si->si_code;
	fpe_fpc = uc->mc.fpc;
	uc->mc.fpc = 0;		/* traps off: the task goes on after the divide */
}

#define FPC_MASK_DIVIDE 0x40000000u	/* IEEE division-by-zero mask (bit 1) */
#define DXC_IEEE_DIVIDE 0x40u		/* data-exception code in FPC byte 2 */

/* 4: an IEEE trap is SIGFPE with Linux's si_code and the DXC in the FPC. */
static int check_ieee_trap(void)
{
	volatile double one = 1.0, nothing = 0.0, r;
	uint32_t on = FPC_MASK_DIVIDE;

	handled = 0;
	fpe_code = -1;
	handle(SIGFPE, on_fpe);
	__asm__ volatile("lfpc %0" : : "Q"(on));
	r = one / nothing;
	(void)r;
	__asm__ volatile("lfpc %0" : : "Q"(zero.fpc));
	signal(SIGFPE, SIG_DFL);
	if (handled != 1 || fpe_code != FPE_FLTDIV || ((fpe_fpc >> 8) & 0xff) != DXC_IEEE_DIVIDE ||
	    !(fpe_fpc & FPC_MASK_DIVIDE)) {
		printf("FAIL ieee trap: handler ran %d times, si_code %d (want %d), frame fpc %#x\n",
		       handled, fpe_code, FPE_FLTDIV, fpe_fpc);
		return 1;
	}
	handled = 0;
	printf("ok ieee trap: SIGFPE FPE_FLTDIV, frame fpc %#x\n", fpe_fpc);
	return 0;
}

int main(int argc, char **argv)
{
	int scan = argc > 1 && strcmp(argv[1], "scan") == 0;
	int failed = 0;

	setvbuf(stdout, NULL, _IONBF, 0);
	vx = have_vector();
	printf("vector registers: %s\n", vx ? "yes" : "no");
	page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page == MAP_FAILED) {
		printf("FAIL mmap\n");
		return 1;
	}
	if (!scan) {
		failed += check_round_trips();
		failed += check_frame_changes();
		failed += check_ieee_trap();
	}
	failed += check_fpc_rule(scan);
	printf("%s\n", failed ? "FAIL" : "PASS");
	return failed != 0;
}
