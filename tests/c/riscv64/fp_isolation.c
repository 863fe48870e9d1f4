/*
 * One task must never see another's registers (riscv64). The parent puts
 * known values in f0, f31 and the fcsr (rounding mode and accrued
 * flags), and forks with a raw clone(SIGCHLD); the child checks that it
 * starts with the parent's values (fork copies them), puts other values
 * in the same registers and exits; after wait4 the parent reads its
 * registers back. Everything from the first load to the last read is one
 * block of inline assembly with raw `ecall`s, so no compiled code can
 * touch the registers while they hold the test values.
 *
 * Exits 0 if the parent's values survived and the child inherited them.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <sys/wait.h>

struct vals {
	uint64_t f0;	/* 0 */
	uint64_t f31;	/* 8 */
	uint32_t fcsr;	/* 16 */
	uint32_t pad;
};
_Static_assert(offsetof(struct vals, f31) == 8 && offsetof(struct vals, fcsr) == 16, "layout");

/* Loads f0, f31 and the fcsr from *p (t0 as scratch). */
#define LOAD(p)			\
	"fld f0,0(" p ")\n"	\
	"fld f31,8(" p ")\n"	\
	"lw t0,16(" p ")\n"	\
	"fscsr t0\n"

/* Stores them into *p. */
#define STORE(p)		\
	"fsd f0,0(" p ")\n"	\
	"fsd f31,8(" p ")\n"	\
	"frcsr t0\n"		\
	"sw t0,16(" p ")\n"

/* Branches to `to` unless *a and *b hold the same values. */
#define COMPARE(a, b, to)					\
	"ld t1,0(" a ")\nld t2,0(" b ")\nbne t1,t2," to "\n"	\
	"ld t1,8(" a ")\nld t2,8(" b ")\nbne t1,t2," to "\n"	\
	"lw t1,16(" a ")\nlw t2,16(" b ")\nbne t1,t2," to "\n"

#define STR(x) #x
#define XSTR(x) STR(x)

int main(void)
{
	/* fcsr: rounding mode 1 (RTZ) and NX in the parent, 3 (RUP) and NV
	 * in the child. */
	struct vals parent = { 0x400921fb54442d18ULL, 0x1111222233334444ULL, 0x21, 0 };
	struct vals child = { 0xc00deadbeef00000ULL, 0x9999aaaabbbbccccULL, 0x70, 0 };
	struct vals after = { 0 }, saved = { 0 };
	int status = -1;
	long pid;

	__asm__ volatile(
		STORE("%[saved]")
		LOAD("%[parent]")
		"li a0," XSTR(SIGCHLD) "\n"	/* clone(SIGCHLD, 0, 0, 0, 0) */
		"li a1,0\nli a2,0\nli a3,0\nli a4,0\n"
		"li a7," XSTR(SYS_clone) "\n"
		"ecall\n"
		"bnez a0,1f\n"
		/* The child: did it inherit the parent's values? */
		STORE("%[after]")
		"li a0,7\n"			/* exit status 7: not inherited */
		COMPARE("%[after]", "%[parent]", "2f")
		"li a0,0\n"
		"2:\n"
		LOAD("%[child]")
		"li a7," XSTR(SYS_exit) "\n"
		"ecall\n"
		/* The parent: wait4(pid, &status, 0, NULL). */
		"1: mv %[pid],a0\n"
		"mv a1,%[status]\n"
		"li a2,0\nli a3,0\n"
		"li a7," XSTR(SYS_wait4) "\n"
		"ecall\n"
		STORE("%[after]")
		LOAD("%[saved]")
		: [pid] "=&r"(pid)
		: [saved] "r"(&saved), [parent] "r"(&parent), [child] "r"(&child),
		  [after] "r"(&after), [status] "r"(&status)
		: "a0", "a1", "a2", "a3", "a4", "a7", "t0", "t1", "t2", "f0", "f31", "memory");

	if (pid <= 0) {
		printf("FAIL: clone returned %ld\n", pid);
		return 1;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		printf("FAIL: the child did not start with the parent's values (status %#x)\n", status);
		return 1;
	}
	int bad = 0;
	if (after.f0 != parent.f0) {
		printf("FAIL: f0 %#llx after wait4, expected %#llx%s\n", (unsigned long long)after.f0,
		       (unsigned long long)parent.f0, after.f0 == child.f0 ? " (the child's)" : "");
		bad++;
	}
	if (after.f31 != parent.f31) {
		printf("FAIL: f31 %#llx after wait4, expected %#llx%s\n", (unsigned long long)after.f31,
		       (unsigned long long)parent.f31, after.f31 == child.f31 ? " (the child's)" : "");
		bad++;
	}
	if (after.fcsr != parent.fcsr) {
		printf("FAIL: fcsr %#x after wait4, expected %#x\n", after.fcsr, parent.fcsr);
		bad++;
	}
	printf("%s\n", bad ? "FAIL" : "PASS: f0, f31 and fcsr are the parent's own");
	return bad != 0;
}
