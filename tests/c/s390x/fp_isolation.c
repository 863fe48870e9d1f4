/*
 * One task must never see another's registers. The parent puts known
 * values in f0, the FPC, a0 and (where the CPU has vectors) v24, and
 * forks with a raw system call; the child checks that it starts with the
 * parent's values (fork copies them), puts other values in the same
 * registers and exits; after wait4 the parent reads its registers back.
 * Everything from the first load to the last read is one block of inline
 * assembly with raw `svc`s, because a0 is half of glibc's thread pointer:
 * no glibc code may run while it holds the test value.
 *
 * Exits 0 if the parent's values survived and the child inherited them.
 */
#include <stdint.h>
#include <stdio.h>
#include <sys/wait.h>

#include "s390x_frame.h"

struct vals {
	uint64_t f0;		/* 0 */
	uint64_t v24[2];	/* 8 */
	uint32_t a0;		/* 24 */
	uint32_t fpc;		/* 28 */
};
_Static_assert(offsetof(struct vals, v24) == 8 && offsetof(struct vals, a0) == 24 &&
	       offsetof(struct vals, fpc) == 28, "layout");

/* Loads f0, v24 (where vx), a0 and the FPC from *p. */
#define LOAD(p)							\
	"ld %%f0,0(" p ")\n"					\
	"ltr %[vx],%[vx]\n"					\
	"jz 91f\n"						\
	".machine push\n.machine z13\n"				\
	"vl %%v24,8(" p ")\n"					\
	".machine pop\n"					\
	"91:\n"							\
	"lam %%a0,%%a0,24(" p ")\n"				\
	"lfpc 28(" p ")\n"

/* Stores them into *p. */
#define STORE(p)						\
	"std %%f0,0(" p ")\n"					\
	"ltr %[vx],%[vx]\n"					\
	"jz 92f\n"						\
	".machine push\n.machine z13\n"				\
	"vst %%v24,8(" p ")\n"					\
	".machine pop\n"					\
	"92:\n"							\
	"stam %%a0,%%a0,24(" p ")\n"				\
	"stfpc 28(" p ")\n"

int main(void)
{
	int vx = have_vector();
	/* FPC: rounding mode 1 in the parent, 3 in the child; no traps. */
	struct vals parent = { 0x400921fb54442d18ULL, { 0x1111222233334444ULL, 0x5555666677778888ULL },
			       0x12345678, 0x00000001 };
	struct vals child = { 0xc00deadbeef00000ULL, { 0x9999aaaabbbbccccULL, 0xddddeeeeffff0000ULL },
			      0x87654321, 0x00000003 };
	struct vals after = { 0 }, saved = { 0 };
	int status = -1;
	long pid;

	__asm__ volatile(
		STORE("%[saved]")
		LOAD("%[parent]")
		"svc 2\n"			/* fork */
		"ltgr %%r2,%%r2\n"
		"jnz 1f\n"
		/* The child: did it inherit the parent's values? */
		STORE("%[after]")
		"clc 0(32,%[after]),0(%[parent])\n"
		"lghi %%r2,0\n"
		"je 2f\n"
		"ltr %[vx],%[vx]\n"		/* without vectors v24 is not compared */
		"jnz 3f\n"
		"clc 0(8,%[after]),0(%[parent])\n"
		"jne 3f\n"
		"clc 24(8,%[after]),24(%[parent])\n"
		"je 2f\n"
		"3: lghi %%r2,7\n"		/* exit status 7: not inherited */
		"2:\n"
		"lgr %%r6,%%r2\n"
		LOAD("%[child]")
		"lgr %%r2,%%r6\n"
		"svc 1\n"			/* exit */
		/* The parent: wait4(pid, &status, 0, NULL). */
		"1: lgr %[pid],%%r2\n"
		"la %%r3,%[status]\n"
		"lghi %%r4,0\n"
		"lghi %%r5,0\n"
		"svc 114\n"
		STORE("%[after]")
		LOAD("%[saved]")
		: [pid] "=&d"(pid), [status] "+Q"(status)
		: [saved] "a"(&saved), [parent] "a"(&parent), [child] "a"(&child),
		  [after] "a"(&after), [vx] "d"(vx)
		: "r2", "r3", "r4", "r5", "r6", "f0", "cc", "memory");

	printf("vector registers: %s\n", vx ? "yes" : "no");
	if (pid <= 0) {
		printf("FAIL: fork returned %ld\n", pid);
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
	if (after.a0 != parent.a0) {
		printf("FAIL: a0 %#x after wait4, expected %#x%s\n", after.a0, parent.a0,
		       after.a0 == child.a0 ? " (the child's)" : "");
		bad++;
	}
	if (after.fpc != parent.fpc) {
		printf("FAIL: fpc %#x after wait4, expected %#x\n", after.fpc, parent.fpc);
		bad++;
	}
	if (vx && (after.v24[0] != parent.v24[0] || after.v24[1] != parent.v24[1])) {
		printf("FAIL: v24 %#llx %#llx after wait4\n", (unsigned long long)after.v24[0],
		       (unsigned long long)after.v24[1]);
		bad++;
	}
	printf("%s\n", bad ? "FAIL" : "PASS: f0, a0, fpc and v24 are the parent's own");
	return bad != 0;
}
