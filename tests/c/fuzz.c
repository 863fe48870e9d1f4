/*
 * fuzz: a seeded system-call fuzzer, run as the first program.
 *
 *   fuzz SEED SECONDS [par=N] [calls=N] [only=K] [trace]
 *
 * The parent (pid 1) forks children one after another, up to `par` at a
 * time, for SECONDS seconds. Child K of seed S makes the same sequence of
 * operations every time (its own xorshift64* generator, seeded with
 * splitmix64 of S and K): system calls with adversarial arguments (wild,
 * kernel-half, unaligned, page-straddling and top-of-space pointers, huge
 * and negative lengths, random flags, signal numbers and sigaction
 * structures), a garbage rt_sigreturn frame, mmap/munmap/mprotect/mremap
 * churn over its own arena, loads, stores and jumps to mapped and
 * unmapped memory, and bounded fork trees (depth 2, 3 forks a process).
 * Each child stops after `calls` operations or 0.2 s after it began to
 * run; the parent kills one that is still there 0.3 s after (it can do
 * so only when the child blocks: there is no preemption yet, so no
 * operation loops in user mode, and random code is not executed).
 *
 * Faults must end in the child's own signal: an access to an address
 * that cannot be mapped (at or above 2^56), or to the arena's read-only
 * page or hole while the child has not remapped them, that completes is
 * a kernel bug, and the child exits with status VIOLATION.
 *
 * The parent reaps every child, then kills and waits out whatever is left
 * (orphaned grandchildren), and prints what ran: a count per system call
 * and operation, how the children ended (by signal and last operation),
 * and the last calls of any child that broke an expectation. It exits 0
 * if nothing was wrong. `trace` prints every operation before it is made
 * (to replay a seed that crashed the kernel); `only=K` runs child K alone.
 *
 * A program started by a child's execve (pid not 1) exits 0 at once.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

typedef uint64_t u64;
typedef uint32_t u32;

#define PAGE 4096UL
#define ARENA_PAGES 64
#define RO_PAGE 48    /* read-only, zero */
#define HOLE_PAGE 49  /* unmapped */
#define EXEC_PAGE 50  /* read+exec, zero: jumping there is an illegal instruction */
#define RING 16       /* calls remembered per child */
#define SLOTS 256     /* children remembered at a time */
#define MAX_DEPTH 2   /* fork-tree depth below a child */
#define MAX_FORKS 3   /* forks per process */
#define CHILD_NS 200000000ULL  /* a child stops itself after this */
#define KILL_NS 300000000ULL   /* the parent kills it after this */
#define VIOLATION 99  /* exit status: a fault expected, the access completed */
#define TRACE_FD 200  /* the console, for `trace` */
#define UNMAPPABLE (1ULL << 56) /* no user mapping at or above, on either machine */

/* ---- the generator ---- */

static u64 rng;

static u64 splitmix64(u64 x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

static u64 rnd(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545f4914f6cdd1dULL;
}

static u64 below(u64 n) { return n ? rnd() % n : 0; }

/* ---- what ran, shared by the parent and every child ---- */

/* The operations: system calls by name, and the others. */
#define OPS(X) \
	X(read) X(write) X(readv) X(writev) X(pread64) X(close) X(dup) X(dup3) \
	X(openat) X(lseek) X(fstat) X(newfstatat) X(getdents64) X(readlinkat) \
	X(faccessat) X(chdir) X(fchdir) X(getcwd) X(pipe2) X(ppoll) X(fcntl) \
	X(ioctl) X(brk) X(mmap) X(munmap) X(mprotect) X(mremap) X(rt_sigaction) \
	X(rt_sigprocmask) X(rt_sigpending) X(sigaltstack) X(rt_sigsuspend) \
	X(kill) X(tkill) X(tgkill) X(getpid) X(getppid) X(gettid) X(fork) \
	X(clone) X(wait4) X(execve) X(clock_gettime) X(clock_getres) \
	X(gettimeofday) X(nanosleep) X(clock_nanosleep) X(times) X(getrusage) \
	X(uname) X(set_tid_address) X(set_robust_list) X(rseq) X(getcpu) \
	X(prlimit64) X(getrandom) X(umask) X(prctl) X(sched_yield) \
	X(getuid) X(setuid) X(setgid) X(getresuid) X(getgroups) X(setpgid) \
	X(getpgid) X(getsid) X(setsid) X(unknown) \
	X(rt_sigreturn_garbage) X(load) X(store) X(jump) X(touch)
#define ENUM(n) OP_##n,
#define NAME(n) #n,
enum { OPS(ENUM) NOPS };
static const char *const op_name[NOPS] = { OPS(NAME) };

struct call {
	uint32_t op;
	uint32_t n; /* its index in the child's sequence */
	u64 a[3];
};

struct slot {
	int pid;          /* 0: free */
	int k;            /* child index */
	int killed;       /* by the parent, at KILL_NS */
	u64 start;        /* when the child began to run (0: not yet) */
	uint32_t calls;   /* operations made */
	uint32_t last_op; /* NOPS before the first */
	struct call ring[RING];
};

struct shared {
	u64 count[NOPS];
	u64 ended_by[65][NOPS + 1]; /* [signal or 0 for exit][last op] */
	struct slot slot[SLOTS];
};

static struct shared *sh;
static struct slot *me; /* this child's slot; NULL in a grandchild */
static int trace;
static int child_k;

static void record(int op, u64 a0, u64 a1, u64 a2)
{
	__atomic_fetch_add(&sh->count[op], 1, __ATOMIC_RELAXED);
	if (trace) {
		char b[128];
		int n = snprintf(b, sizeof b, "c%d %s %#llx %#llx %#llx\n", child_k, op_name[op],
				 (unsigned long long)a0, (unsigned long long)a1, (unsigned long long)a2);
		syscall(SYS_write, TRACE_FD, b, n);
	}
	if (!me)
		return;
	struct call *c = &me->ring[me->calls % RING];
	c->op = op;
	c->n = me->calls;
	c->a[0] = a0, c->a[1] = a1, c->a[2] = a2;
	me->last_op = op;
	me->calls++;
}

/* ---- the child's memory ---- */

static char *arena;
static int arena_intact; /* the read-only page and the hole are as made */

static int in_arena(u64 a, u64 len)
{
	u64 lo = (u64)arena, hi = lo + ARENA_PAGES * PAGE;
	u64 end = a + len < a ? ~0ULL : a + len;
	return a < hi && end > lo;
}

/* Addresses a user may never reach: the kernel's half of riscv64's Sv39
 * space, s390x's addresses beyond every region table, the top. */
static const u64 kernel_addrs[] = {
	0xffffffc000000000ULL, 0xffffffff80000000ULL, 0xfffffffffffff000ULL,
	0xffffffffffffffffULL, 0x8000000000000000ULL, 0xff00000000000000ULL,
	0x0100000000000000ULL,
};
/* The last bytes below the tops of user spaces (Sv39 256 GiB, Sv48,
 * 4 TiB, s390x's 8 PiB, 2^63, 2^64). */
static const u64 tops[] = {
	1ULL << 38, 1ULL << 39, 1ULL << 42, 1ULL << 47, 1ULL << 53, 1ULL << 63, 0,
};

static u64 pick(const u64 *t, int n) { return t[below(n)]; }
#define PICK(t) pick(t, sizeof t / sizeof t[0])

static u64 pick_ptr(void)
{
	u64 a = (u64)arena;
	switch (below(13)) {
	case 0: return 0;
	case 1: return a + below(RO_PAGE * PAGE);
	case 2: return (a + below(RO_PAGE * PAGE)) | 1;
	case 3: return rnd();
	case 4: return PICK(kernel_addrs);
	case 5: return PICK(tops) - 1 - below(64);
	case 6: return a + RO_PAGE * PAGE + below(PAGE);
	case 7: return a + HOLE_PAGE * PAGE - 1 - below(16); /* straddles the hole */
	case 8: return a + HOLE_PAGE * PAGE + below(PAGE);
	case 9: return 1 + below(PAGE);
	case 10: return ~0ULL - below(PAGE);
	case 11: return a + EXEC_PAGE * PAGE + below(PAGE);
	default: return a + below(8) * PAGE; /* page-aligned, writable */
	}
}

static u64 pick_len(void)
{
	static const u64 t[] = {
		0, 1, 2, 7, 8, 16, 64, 100, 4095, 4096, 4097, 8192, 65536, 1 << 20,
		0x7fffffff, 0x80000000, 0xffffffff, 1ULL << 32, 1ULL << 40, 1ULL << 47,
		~0ULL, ~0ULL - 4095, -4096ULL, -2ULL, 0x7fffffffffffffffULL,
		0x8000000000000000ULL,
	};
	return below(4) ? PICK(t) : rnd() >> below(64);
}

static u64 pick_fd(void)
{
	static const u64 t[] = { -1ULL, -100ULL /* AT_FDCWD */, 0x7fffffff, 0x80000000,
				 1024, 1023, 4096, ~0ULL >> 1 };
	switch (below(4)) {
	case 0: return PICK(t);
	case 1: return rnd();
	default: return below(12);
	}
}

static u64 pick_flags(void)
{
	switch (below(5)) {
	case 0: return 0;
	case 1: return rnd();
	case 2: return rnd() & 0xffff;
	case 3: return 1ULL << below(64);
	default: return rnd() & 0xfff;
	}
}

static u64 pick_sig(void)
{
	static const u64 t[] = { 0, -1ULL, 64, 65, 128, 0x80000000, ~0ULL, SIGKILL, SIGSTOP,
				 SIGSEGV, SIGCHLD, SIGCONT, SIGTSTP };
	return below(3) ? below(70) : PICK(t);
}

static int my_pid;
static int kids[MAX_FORKS];
static int nkids;

/* A pid argument: never the parent's (pid 1): as on Linux, -1 never
 * reaches it, and the children live in sessions of their own. */
static u64 pick_pid(void)
{
	u64 p;
	switch (below(8)) {
	case 0: p = 0; break;
	case 1: p = my_pid; break;
	case 2: p = -1ULL; break;
	case 3: p = nkids ? kids[below(nkids)] : 0; break;
	case 4: p = -(u64)my_pid; break;
	case 5: p = rnd(); break;
	case 6: p = 0x80000000; break;
	default: p = 2 + below(200); break;
	}
	if ((int)p == 1)
		p = my_pid;
	return p;
}

static const char *const paths[] = {
	"/", "/init", "/dev/null", "/dev", "/nonexistent", "", ".", "..",
	"/init/x", "/dev/null/", "//../../dev/./null", "/proc/self/exe",
};
static char longpath[5000];

static u64 pick_path(void)
{
	switch (below(6)) {
	case 0: return pick_ptr();
	case 1: return (u64)longpath + below(900); /* 4,100 bytes and less */
	case 2: {
		/* unterminated: the last bytes before the hole */
		char *p = arena + HOLE_PAGE * PAGE - 8;
		if (arena_intact)
			memset(p, 'a', 8);
		return (u64)p;
	}
	default: return (u64)paths[below(sizeof paths / sizeof paths[0])];
	}
}

/* ---- operations ---- */

static long sc(long n, u64 a, u64 b, u64 c, u64 d, u64 e, u64 f)
{
	long r = syscall(n, a, b, c, d, e, f);
	return r == -1 ? -errno : r;
}

/* Records a call (each argument is evaluated once, in the order this
 * compiler chooses: deterministic for one binary) and makes it. */
static long call(int op, long n, u64 a, u64 b, u64 c, u64 d, u64 e, u64 f)
{
	record(op, a, b, c);
	return sc(n, a, b, c, d, e, f);
}

#define CALL(name, ...) call(OP_##name, SYS_##name, __VA_ARGS__)

static void die_handler(int sig)
{
	syscall(SYS_exit_group, 64 + sig);
}

static u64 pick_handler(void)
{
	switch (below(7)) {
	case 0: return (u64)SIG_DFL;
	case 1: return (u64)SIG_IGN;
	case 2: case 3: return (u64)die_handler;
	case 4: return (u64)arena + EXEC_PAGE * PAGE; /* an illegal instruction */
	default: {
		/* never code it could have written: a handler that returns
		 * to a fault loops, and nothing ends a loop before preemption */
		u64 h = pick_ptr();
		if (in_arena(h, 1) && (h - (u64)arena) / PAGE != HOLE_PAGE)
			h = (u64)arena + EXEC_PAGE * PAGE;
		return h;
	}
	}
}

/* A struct sigaction as the kernel reads it (both machines: handler,
 * flags, [restorer], mask), random. */
static u64 pick_sigaction(u64 *buf)
{
	if (!below(4))
		return pick_ptr();
	buf[0] = pick_handler();
	buf[1] = below(2) ? rnd() : (1ULL << below(32)) | (rnd() & 0x04000000);
	buf[2] = below(2) ? pick_handler() : rnd();
	buf[3] = below(2) ? rnd() : 0;
	return (u64)buf;
}

/* Executes a garbage rt_sigreturn: the frame at the stack pointer is
 * random, zero or all ones. Never returns (the frame is refused and the
 * task killed, or it resumes somewhere it faults). */
static void __attribute__((noinline)) garbage_sigreturn(void)
{
	u64 *f = (u64 *)(arena + 8 * PAGE);
	int kind = below(3);
	for (int i = 0; i < 8 * (int)PAGE / 8; i++)
		f[i] = kind == 0 ? rnd() : kind == 1 ? 0 : ~0ULL;
	record(OP_rt_sigreturn_garbage, kind, (u64)f, 0);
#if defined(__s390x__)
	__asm__ volatile("lgr %%r15,%0\n\tsvc %1" ::"d"(f), "i"(SYS_rt_sigreturn) : "memory");
#elif defined(__riscv)
	__asm__ volatile("mv sp,%0\n\tli a7,%1\n\tecall" ::"r"(f), "i"(SYS_rt_sigreturn) : "memory");
#else
#error "fuzz: an architecture this kernel runs"
#endif
	__builtin_unreachable();
}

/* An address a load, store or jump goes to, and whether it must fault. */
static u64 pick_target(int store, int *must_fault)
{
	u64 a = pick_ptr();
	*must_fault = a >= UNMAPPABLE;
	if (arena_intact && in_arena(a, 1)) {
		u64 page = (a - (u64)arena) / PAGE;
		if (page == HOLE_PAGE || (store && (page == RO_PAGE || page == EXEC_PAGE)))
			*must_fault = 1;
	}
	/* Never a store to the program's own memory: it could make the child
	 * loop, and no loop ends before preemption exists. */
	if (store && !*must_fault && !in_arena(a, 8))
		a = (u64)arena + below(RO_PAGE * PAGE - 8);
	return a;
}

static void violated(const char *what, u64 addr)
{
	if (me)
		me->last_op = NOPS; /* marks the slot for the parent */
	char b[96];
	int n = snprintf(b, sizeof b, "fuzz: child %d: %s at %#llx completed, no fault\n", child_k,
			 what, (unsigned long long)addr);
	syscall(SYS_write, TRACE_FD, b, n);
	syscall(SYS_exit_group, VIOLATION);
}

/* Mappings this child made, for munmap, mprotect and touches. */
static u64 maps[16][2];
static int nmaps;

static u64 pick_range(u64 *len)
{
	if (nmaps && below(2)) {
		int i = below(nmaps);
		u64 off = below(3) ? 0 : below(maps[i][1] / PAGE + 1) * PAGE;
		*len = below(2) ? maps[i][1] - off : pick_len();
		return maps[i][0] + off;
	}
	*len = pick_len();
	return below(2) ? (u64)arena + below(ARENA_PAGES) * PAGE : pick_ptr();
}

static void churned(u64 a, u64 len)
{
	if (in_arena(a, len) || in_arena(a, 1))
		arena_intact = 0;
}

static int depth, forks;
static u64 child_end;

static u64 mono(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (u64)t.tv_sec * 1000000000ULL + t.tv_nsec;
}

static void one_op(void)
{
	u64 buf[64];
	u64 a, b, len;
	long r;
	int op = below(NOPS);
	/* what ends or blocks the child, a quarter as often as the rest:
	 * longer sequences per fork */
	if ((op == OP_load || op == OP_store || op == OP_jump || op == OP_rt_sigsuspend ||
	     op == OP_kill || op == OP_tkill || op == OP_tgkill) && below(4))
		op = below(NOPS);
	memset(buf, 0, sizeof buf);
	switch (op) {
	case OP_read: CALL(read, pick_fd(), pick_ptr(), pick_len(), 0, 0, 0); break;
	case OP_write: CALL(write, pick_fd(), pick_ptr(), pick_len(), 0, 0, 0); break;
	case OP_readv:
	case OP_writev:
		for (int i = 0; i < 8; i++)
			buf[2 * i] = pick_ptr(), buf[2 * i + 1] = pick_len();
		a = below(3) ? (u64)buf : pick_ptr();
		if (op == OP_readv)
			CALL(readv, pick_fd(), a, below(2) ? below(9) : pick_len(), 0, 0, 0);
		else
			CALL(writev, pick_fd(), a, below(2) ? below(9) : pick_len(), 0, 0, 0);
		break;
	case OP_pread64: CALL(pread64, pick_fd(), pick_ptr(), pick_len(), pick_len(), 0, 0); break;
	case OP_close: {
		u64 fd = pick_fd();
		if (fd != TRACE_FD)
			CALL(close, fd, 0, 0, 0, 0, 0);
		break;
	}
	case OP_dup: CALL(dup, pick_fd(), 0, 0, 0, 0, 0); break;
	case OP_dup3: {
		u64 to = pick_fd();
		if (to != TRACE_FD)
			CALL(dup3, pick_fd(), to, below(2) ? 0 : pick_flags(), 0, 0, 0);
		break;
	}
	case OP_openat: CALL(openat, pick_fd(), pick_path(), pick_flags(), pick_flags(), 0, 0); break;
	case OP_lseek: CALL(lseek, pick_fd(), pick_len(), below(2) ? below(6) : rnd(), 0, 0, 0); break;
	case OP_fstat: CALL(fstat, pick_fd(), pick_ptr(), 0, 0, 0, 0); break;
	case OP_newfstatat:
#ifdef SYS_newfstatat
		CALL(newfstatat, pick_fd(), pick_path(), pick_ptr(), pick_flags(), 0, 0);
#else
		record(OP_newfstatat, 0, 0, 0);
		sc(SYS_fstatat, pick_fd(), pick_path(), pick_ptr(), pick_flags(), 0, 0);
#endif
		break;
	case OP_getdents64: CALL(getdents64, pick_fd(), pick_ptr(), pick_len(), 0, 0, 0); break;
	case OP_readlinkat: CALL(readlinkat, pick_fd(), pick_path(), pick_ptr(), pick_len(), 0, 0); break;
	case OP_faccessat: CALL(faccessat, pick_fd(), pick_path(), pick_flags(), 0, 0, 0); break;
	case OP_chdir: CALL(chdir, pick_path(), 0, 0, 0, 0, 0); break;
	case OP_fchdir: CALL(fchdir, pick_fd(), 0, 0, 0, 0, 0); break;
	case OP_getcwd: CALL(getcwd, pick_ptr(), pick_len(), 0, 0, 0, 0); break;
	case OP_pipe2: CALL(pipe2, pick_ptr(), below(2) ? 0 : pick_flags(), 0, 0, 0, 0); break;
	case OP_ppoll:
		for (int i = 0; i < 8; i++)
			buf[i] = pick_fd() | rnd() << 32;
		buf[8] = 0, buf[9] = below(1000000);
		/* a timeout of 0 to 1 ms, or none (a poll that may block) */
		CALL(ppoll, below(2) ? (u64)buf : pick_ptr(), below(2) ? below(5) : pick_len(),
		     below(3) ? (u64)&buf[8] : pick_ptr(), below(2) ? 0 : pick_ptr(), 8, 0);
		break;
	case OP_fcntl: CALL(fcntl, pick_fd(), below(2) ? below(48) : rnd(), pick_flags(), 0, 0, 0); break;
	case OP_ioctl: CALL(ioctl, pick_fd(), below(2) ? 0x5401 + below(0x30) : rnd(), pick_ptr(), 0, 0, 0); break;
	case OP_brk: CALL(brk, below(2) ? pick_ptr() : (u64)sbrk(0) + pick_len(), 0, 0, 0, 0, 0); break;
	case OP_mmap: {
		u64 addr = below(2) ? 0 : below(2) ? (u64)arena + below(ARENA_PAGES) * PAGE : pick_ptr();
		len = below(2) ? (1 + below(16)) * PAGE : pick_len();
		u64 prot = below(2) ? below(8) : pick_flags();
		u64 flags = below(2) ? MAP_PRIVATE | MAP_ANONYMOUS | (below(2) ? MAP_FIXED : 0)
				     : pick_flags();
		u64 fd = below(2) ? -1ULL : pick_fd();
		u64 off = below(2) ? 0 : pick_len();
		if (flags & MAP_FIXED)
			churned(addr, len);
#if defined(__s390x__)
		u64 args[6] = { addr, len, prot, flags, fd, off };
		r = CALL(mmap, below(8) ? (u64)args : pick_ptr(), 0, 0, 0, 0, 0);
#else
		r = CALL(mmap, addr, len, prot, flags, fd, off);
#endif
		/* A hint is honoured where the range is free: a mapping may land
		 * in the arena's hole without MAP_FIXED. */
		if (r > 0 && (u64)r < -4096ULL)
			churned(r, len);
		if (r > 0 && (u64)r < -4096ULL && nmaps < 16 && len <= (1 << 20)) {
			maps[nmaps][0] = r, maps[nmaps][1] = len;
			nmaps++;
		}
		break;
	}
	case OP_munmap:
		a = pick_range(&len);
		churned(a, len);
		CALL(munmap, a, len, 0, 0, 0, 0);
		break;
	case OP_mprotect:
		a = pick_range(&len);
		churned(a, len);
		CALL(mprotect, a, len, below(2) ? below(8) : pick_flags(), 0, 0, 0);
		break;
	case OP_mremap:
		a = pick_range(&len);
		b = below(2) ? pick_len() : len * 2;
		churned(a, len);
		{
			u64 fl = below(2) ? below(4) : pick_flags(); /* MAYMOVE, FIXED */
			u64 to = pick_ptr();
			if (fl & 2)
				churned(to, b);
			r = CALL(mremap, a, len, b, fl, to, 0);
			/* A move may land anywhere free, the hole included. */
			if (r > 0 && (u64)r < -4096ULL)
				churned(r, b);
		}
		break;
	case OP_rt_sigaction:
		CALL(rt_sigaction, pick_sig(), pick_sigaction(buf), below(2) ? 0 : pick_ptr(),
		     below(4) ? 8 : pick_len(), 0, 0);
		break;
	case OP_rt_sigprocmask:
		buf[0] = rnd();
		CALL(rt_sigprocmask, below(2) ? below(3) : rnd(), below(3) ? (u64)buf : pick_ptr(),
		     below(2) ? 0 : pick_ptr(), below(4) ? 8 : pick_len(), 0, 0);
		break;
	case OP_rt_sigpending: CALL(rt_sigpending, pick_ptr(), below(2) ? 8 : pick_len(), 0, 0, 0, 0); break;
	case OP_sigaltstack:
		buf[0] = pick_ptr(), buf[1] = pick_flags(), buf[2] = pick_len();
		CALL(sigaltstack, below(2) ? (u64)buf : pick_ptr(), below(2) ? 0 : pick_ptr(), 0, 0, 0, 0);
		break;
	case OP_rt_sigsuspend:
		/* blocks until a signal: one that kills, or the parent's SIGKILL */
		buf[0] = rnd();
		CALL(rt_sigsuspend, below(2) ? (u64)buf : pick_ptr(), below(4) ? 8 : pick_len(), 0, 0, 0, 0);
		break;
	case OP_kill: CALL(kill, pick_pid(), pick_sig(), 0, 0, 0, 0); break;
	case OP_tkill: CALL(tkill, pick_pid(), pick_sig(), 0, 0, 0, 0); break;
	case OP_tgkill: CALL(tgkill, pick_pid(), pick_pid(), pick_sig(), 0, 0, 0); break;
	case OP_getpid: CALL(getpid, 0, 0, 0, 0, 0, 0); break;
	case OP_getppid: CALL(getppid, 0, 0, 0, 0, 0, 0); break;
	case OP_gettid: CALL(gettid, 0, 0, 0, 0, 0, 0); break;
	case OP_fork:
		if (depth >= MAX_DEPTH || forks >= MAX_FORKS)
			break;
		record(OP_fork, depth, forks, 0);
		forks++;
		r = fork();
		if (r == 0) {
			/* a grandchild: its own sequence, no slot */
			depth++, forks = 0, nkids = 0, me = NULL;
			rng = splitmix64(rng ^ (u64)depth << 32 ^ (u64)forks);
			my_pid = getpid();
		} else if (r > 0 && nkids < MAX_FORKS) {
			kids[nkids++] = r;
		}
		break;
	case OP_clone: {
		/* the raw call: random flags and stack; a child it makes exits */
		u64 flags = below(2) ? below(256) | (below(2) ? CLONE_CHILD_SETTID : 0) : pick_flags();
		u64 sp = below(2) ? 0 : pick_ptr();
		if (depth >= MAX_DEPTH || forks >= MAX_FORKS)
			break;
		forks++;
#if defined(__s390x__)
		r = CALL(clone, sp, flags, pick_ptr(), pick_ptr(), 0, 0);
#else
		r = CALL(clone, flags, sp, pick_ptr(), 0, pick_ptr(), 0);
#endif
		if (r == 0)
			syscall(SYS_exit, 0);
		break;
	}
	case OP_wait4:
		CALL(wait4, pick_pid(), pick_ptr(), below(2) ? WNOHANG : pick_flags(), below(2) ? 0 : pick_ptr(), 0, 0);
		break;
	case OP_execve:
		buf[0] = (u64)"x", buf[1] = below(2) ? 0 : pick_ptr(), buf[2] = 0;
		CALL(execve, pick_path(), below(2) ? (u64)buf : pick_ptr(), below(2) ? 0 : pick_ptr(), 0, 0, 0);
		break;
	case OP_clock_gettime: CALL(clock_gettime, below(2) ? below(12) : rnd(), pick_ptr(), 0, 0, 0, 0); break;
	case OP_clock_getres: CALL(clock_getres, below(2) ? below(12) : rnd(), pick_ptr(), 0, 0, 0, 0); break;
	case OP_gettimeofday: CALL(gettimeofday, pick_ptr(), pick_ptr(), 0, 0, 0, 0); break;
	case OP_nanosleep:
		/* up to 2 ms, or garbage (a long sleep the parent ends) */
		buf[0] = 0, buf[1] = below(2000000);
		if (!below(4))
			buf[0] = rnd() >> below(64), buf[1] = rnd();
		CALL(nanosleep, below(4) ? (u64)buf : pick_ptr(), below(2) ? 0 : pick_ptr(), 0, 0, 0, 0);
		break;
	case OP_clock_nanosleep:
		buf[0] = 0, buf[1] = below(2000000);
		if (!below(4))
			buf[0] = rnd() >> below(64), buf[1] = rnd();
		CALL(clock_nanosleep, below(2) ? below(8) : rnd(), below(2) ? 0 : pick_flags(),
		     below(4) ? (u64)buf : pick_ptr(), below(2) ? 0 : pick_ptr(), 0, 0);
		break;
	case OP_times: CALL(times, pick_ptr(), 0, 0, 0, 0, 0); break;
	case OP_getrusage: CALL(getrusage, below(2) ? below(3) - 1 : rnd(), pick_ptr(), 0, 0, 0, 0); break;
	case OP_uname: CALL(uname, pick_ptr(), 0, 0, 0, 0, 0); break;
	case OP_set_tid_address: CALL(set_tid_address, pick_ptr(), 0, 0, 0, 0, 0); break;
	case OP_set_robust_list: CALL(set_robust_list, pick_ptr(), below(2) ? 24 : pick_len(), 0, 0, 0, 0); break;
	case OP_rseq: CALL(rseq, pick_ptr(), below(2) ? 32 : pick_len(), pick_flags(), pick_flags(), 0, 0); break;
	case OP_getcpu: CALL(getcpu, pick_ptr(), pick_ptr(), pick_ptr(), 0, 0, 0); break;
	case OP_prlimit64: {
		u64 pid = below(2) ? 0 : pick_pid();
		buf[0] = pick_len(), buf[1] = pick_len();
		CALL(prlimit64, pid, below(2) ? below(16) : rnd(), below(2) ? (u64)buf : pick_ptr(),
		     pick_ptr(), 0, 0);
		break;
	}
	case OP_getrandom: CALL(getrandom, pick_ptr(), pick_len(), pick_flags(), 0, 0, 0); break;
	case OP_umask: CALL(umask, rnd(), 0, 0, 0, 0, 0); break;
	case OP_prctl: CALL(prctl, below(2) ? below(64) : rnd(), pick_ptr(), pick_len(), pick_len(), pick_len(), 0); break;
	case OP_sched_yield: CALL(sched_yield, 0, 0, 0, 0, 0, 0); break;
	case OP_getuid: CALL(getuid, 0, 0, 0, 0, 0, 0); break;
	case OP_setuid: CALL(setuid, below(2) ? below(3) : rnd(), 0, 0, 0, 0, 0); break;
	case OP_setgid: CALL(setgid, below(2) ? below(3) : rnd(), 0, 0, 0, 0, 0); break;
	case OP_getresuid: CALL(getresuid, pick_ptr(), pick_ptr(), pick_ptr(), 0, 0, 0); break;
	case OP_getgroups: CALL(getgroups, pick_len(), pick_ptr(), 0, 0, 0, 0); break;
	case OP_setpgid: CALL(setpgid, pick_pid(), pick_pid(), 0, 0, 0, 0); break;
	case OP_getpgid: CALL(getpgid, pick_pid(), 0, 0, 0, 0, 0); break;
	case OP_getsid: CALL(getsid, pick_pid(), 0, 0, 0, 0, 0); break;
	case OP_setsid: CALL(setsid, 0, 0, 0, 0, 0, 0); break;
	case OP_unknown: {
		u64 n = below(2) ? 300 + below(800) : rnd();
		record(OP_unknown, n, 0, 0);
		/* numbers every table leaves empty, or anything: never a real call */
		if (n == SYS_exit || n == SYS_exit_group || n == SYS_rt_sigreturn
#ifdef SYS_sigreturn
		    || n == SYS_sigreturn
#endif
#ifdef SYS_vfork
		    || n == SYS_vfork
#endif
#ifdef SYS_fork
		    || n == SYS_fork
#endif
		    || n == SYS_clone || n == SYS_clone3 || n == SYS_execve || n == SYS_execveat
		    || n == SYS_kill || n == SYS_tkill || n == SYS_tgkill || n == SYS_prlimit64
		    || n == SYS_setpgid)
			break;
		sc(n, pick_ptr(), pick_len(), pick_flags(), pick_ptr(), pick_len(), pick_flags());
		break;
	}
	case OP_rt_sigreturn_garbage:
		if (!below(8))
			garbage_sigreturn();
		break;
	case OP_load: {
		int must;
		a = pick_target(0, &must);
		record(OP_load, a, must, 0);
		(void)*(volatile char *)a;
		if (must)
			violated("a load", a);
		break;
	}
	case OP_store: {
		int must;
		a = pick_target(1, &must);
		record(OP_store, a, must, 0);
		*(volatile char *)a = (char)rnd();
		if (must)
			violated("a store", a);
		break;
	}
	case OP_jump: {
		int must;
		/* only where nothing executes: unmapped, unmappable, or a zero
		 * page (an illegal instruction on both machines) */
		a = pick_target(0, &must);
		if (!must && !(arena_intact && a >= (u64)arena + EXEC_PAGE * PAGE &&
			       a < (u64)arena + (EXEC_PAGE + 1) * PAGE)) {
			if (!below(2))
				break;
			a = (u64)arena + EXEC_PAGE * PAGE + (below(PAGE / 4) * 4);
			if (!arena_intact)
				break;
		}
		record(OP_jump, a, must, 0);
		((void (*)(void))a)();
		if (must)
			violated("a jump", a);
		violated("a jump to an illegal instruction", a);
		break;
	}
	case OP_touch:
		/* writes and reads pages of its own mappings: faults, COW after
		 * a fork, zero pages */
		if (!nmaps)
			break;
		{
			int i = below(nmaps);
			u64 pages = maps[i][1] / PAGE;
			record(OP_touch, maps[i][0], pages, 0);
			for (u64 p = 0; p < pages && p < 16; p++) {
				volatile char *c = (volatile char *)(maps[i][0] + p * PAGE);
				if (below(2))
					*c = 1;
				else
					(void)*c;
			}
		}
		break;
	}
}

static void child(int k, u64 seed, struct slot *slot, u64 calls)
{
	me = slot;
	child_k = k;
	rng = splitmix64(seed ^ splitmix64(k + 1));
	if (!rng)
		rng = 1;
	/* its own session, so that kill(0) and -pgid never reach the parent;
	 * /dev/null as 0-2, so that random writes stay off the console */
	setsid();
	int fd = open("/dev/null", O_RDWR);
	dup2(fd, 0), dup2(fd, 1), dup2(fd, 2);
	if (fd > 2)
		close(fd);
	my_pid = getpid();
	arena = mmap(NULL, ARENA_PAGES * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (arena == MAP_FAILED)
		_exit(3);
	if (mprotect(arena + RO_PAGE * PAGE, PAGE, PROT_READ) ||
	    munmap(arena + HOLE_PAGE * PAGE, PAGE) ||
	    mprotect(arena + EXEC_PAGE * PAGE, PAGE, PROT_READ | PROT_EXEC))
		_exit(4);
	arena_intact = 1;
	/* Its time counts from its first run, not from the fork: without
	 * preemption the children run one after another. */
	u64 now = mono();
	slot->start = now;
	child_end = now + CHILD_NS;
	for (u64 i = 0; i < calls; i++) {
		if ((i & 15) == 0 && mono() > child_end)
			break;
		one_op();
	}
	syscall(SYS_exit_group, 0);
}

/* ---- the parent ---- */

static u64 parse(const char *s)
{
	return strtoull(s, NULL, 0);
}

static void print_slot(const struct slot *s, const char *why)
{
	printf("fuzz: child %d (pid %d) %s after %u operations; its last ones:\n", s->k, s->pid, why,
	       s->calls);
	u32 first = s->calls > RING ? s->calls - RING : 0;
	for (u32 n = first; n < s->calls; n++) {
		const struct call *c = &s->ring[n % RING];
		printf("fuzz:   #%u %s(%#llx, %#llx, %#llx)\n", c->n,
		       c->op < NOPS ? op_name[c->op] : "?", (unsigned long long)c->a[0],
		       (unsigned long long)c->a[1], (unsigned long long)c->a[2]);
	}
}

int main(int argc, char **argv)
{
	if (getpid() != 1)
		return 0; /* started by a child's execve */
	if (argc < 3) {
		printf("usage: fuzz SEED SECONDS [par=N] [calls=N] [only=K] [trace]\n");
		return 2;
	}
	u64 seed = parse(argv[1]), secs = parse(argv[2]);
	u64 par = 8, calls = 400;
	long only = -1;
	for (int i = 3; i < argc; i++) {
		if (!strncmp(argv[i], "par=", 4))
			par = parse(argv[i] + 4);
		else if (!strncmp(argv[i], "calls=", 6))
			calls = parse(argv[i] + 6);
		else if (!strncmp(argv[i], "only=", 5))
			only = parse(argv[i] + 5);
		else if (!strcmp(argv[i], "trace"))
			trace = 1;
	}
	if (par < 1 || par > SLOTS)
		par = 8;
	memset(longpath, 'a', sizeof longpath - 1);
	longpath[0] = '/';
	setvbuf(stdout, NULL, _IOLBF, 0);
	dup2(1, TRACE_FD);
	sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED) {
		printf("fuzz: no shared memory: %s\n", strerror(errno));
		return 1;
	}
	printf("fuzz: seed %llu, %llu s, %llu children at a time, %llu operations each\n",
	       (unsigned long long)seed, (unsigned long long)secs, (unsigned long long)par,
	       (unsigned long long)calls);
	u64 start = mono(), end = start + secs * 1000000000ULL;
	int next = only >= 0 ? (int)only : 0, live = 0, bad = 0;
	u64 children = 0, timeouts = 0, fork_failed = 0;
	for (;;) {
		u64 now = mono();
		int more = now < end && (only < 0 || children == 0);
		while (more && live < (int)par) {
			int k = next++;
			struct slot *s = &sh->slot[k % SLOTS];
			if (s->pid)
				break; /* that slot's child is still there */
			memset(s, 0, sizeof *s);
			s->k = k, s->last_op = NOPS + 1;
			int pid = fork();
			if (pid == 0)
				child(k, seed, s, calls);
			if (pid < 0) {
				fork_failed++;
				next--;
				break;
			}
			s->pid = pid;
			children++, live++;
			if (trace)
				printf("fuzz: child %d pid %d\n", k, pid);
			else if (children % 100 == 0)
				printf("fuzz: %llu children, %llu s\n", (unsigned long long)children,
				       (unsigned long long)((now - start) / 1000000000ULL));
			more = only < 0;
		}
		/* reap */
		int status, pid;
		while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
			struct slot *s = NULL;
			for (int i = 0; i < SLOTS; i++)
				if (sh->slot[i].pid == pid)
					s = &sh->slot[i];
			if (!s)
				continue;
			live--;
			int sig = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
			u32 last = s->last_op > NOPS ? NOPS : s->last_op;
			if (sig >= 0 && sig <= 64)
				sh->ended_by[sig][last]++;
			if (WIFEXITED(status) && WEXITSTATUS(status) == VIOLATION) {
				bad++;
				print_slot(s, "broke an expectation");
			}
			s->pid = 0;
		}
		if (!live && !more)
			break;
		now = mono();
		for (int i = 0; i < SLOTS; i++) {
			struct slot *s = &sh->slot[i];
			if (s->pid && !s->killed && s->start && now > s->start + KILL_NS &&
			    kill(s->pid, SIGKILL) == 0) {
				timeouts++;
				s->killed = 1;
			}
		}
		struct timespec ts = { 0, 5000000 };
		nanosleep(&ts, NULL);
	}
	/* Orphaned grandchildren: kill them and wait until none is left
	 * (kill(-1) reaches every task but this one; ESRCH when none). */
	u64 deadline = mono() + 10000000000ULL;
	int left = 1;
	while (mono() < deadline) {
		while (waitpid(-1, NULL, WNOHANG) > 0)
			;
		if (kill(-1, SIGKILL) < 0 && errno == ESRCH) {
			left = 0;
			break;
		}
		struct timespec ts = { 0, 2000000 };
		nanosleep(&ts, NULL);
	}
	if (left) {
		printf("fuzz: tasks still there 10 s after the last child\n");
		bad++;
	}
	u64 total = 0;
	for (int i = 0; i < NOPS; i++)
		total += sh->count[i];
	printf("fuzz: seed %llu: %llu children, %llu operations in %llu ms, %llu killed at %llu ms, %llu forks refused\n",
	       (unsigned long long)seed, (unsigned long long)children, (unsigned long long)total,
	       (unsigned long long)((mono() - start) / 1000000), (unsigned long long)timeouts,
	       (unsigned long long)(KILL_NS / 1000000ULL), (unsigned long long)fork_failed);
	/* a count per operation, eight to a line */
	char line[256];
	int n = 0, on_line = 0;
	for (int i = 0; i < NOPS; i++) {
		n += snprintf(line + n, sizeof line - n, " %s=%llu", op_name[i],
			      (unsigned long long)sh->count[i]);
		if (++on_line == 8 || i == NOPS - 1) {
			printf("fuzz: calls%s\n", line);
			n = 0, on_line = 0;
		}
	}
	/* how the children ended: by signal, and the operation before */
	for (int sig = 0; sig <= 64; sig++) {
		n = 0, on_line = 0;
		u64 sum = 0;
		for (int op = 0; op <= NOPS; op++)
			sum += sh->ended_by[sig][op];
		if (!sum)
			continue;
		printf("fuzz: ended by %s%d: %llu children; their last operation:\n",
		       sig ? "signal " : "exit, status any, ", sig, (unsigned long long)sum);
		for (int op = 0; op <= NOPS; op++) {
			if (!sh->ended_by[sig][op])
				continue;
			n += snprintf(line + n, sizeof line - n, " %s=%llu",
				      op < NOPS ? op_name[op] : "none", (unsigned long long)sh->ended_by[sig][op]);
			if (++on_line == 8) {
				printf("fuzz:  %s\n", line);
				n = 0, on_line = 0;
			}
		}
		if (on_line)
			printf("fuzz:  %s\n", line);
	}
	printf("fuzz: %s\n", bad ? "FAILED" : "done, nothing wrong");
	return bad ? 1 : 0;
}
