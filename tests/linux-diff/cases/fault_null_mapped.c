/* mmap(MAP_FIXED) of page 0 and page 1 (below mmap_min_addr's usual
 * 64 KiB; the caller is root, which Linux lets map low pages when
 * mmap_min_addr allows), then a store to address 0 and 0x1010 where
 * they are mapped: no low-address protection for user spaces. */
#include "fault.h"

extern char insn[];

static long map_at(unsigned long addr)
{
	long r = (long)kmmap((void *)addr, PAGE, PROT_READ | PROT_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	return r == (long)addr ? 0 : r;
}

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	long r0 = map_at(0);
	long r1 = map_at(PAGE);
	tok_ret("mmap0", r0);
	tok_ret("mmap1", r1);
	fault_expect("null", 0, "insn", (unsigned long)insn);
	if (r1 == 0) {
		*(volatile unsigned char *)(PAGE + 0x10) = 7;
		tok("stored1", *(volatile unsigned char *)(PAGE + 0x10));
	}
	__asm__ volatile("lghi %%r1,0\nlghi %%r2,9\ninsn: stg %%r2,0(%%r1)" : : : "r1", "r2", "memory");
	long v;
	__asm__ volatile("lghi %%r1,0\nlg %0,0(%%r1)" : "=d"(v) : : "r1", "memory");
	tok("stored0", v);
	return 0;
}
