/* A write-only mapping can be read on s390x (page tables have no read
 * bit): a store then a load work. */
#include "fault.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	unsigned long page = map_anon(PAGE, PROT_WRITE);
	fault_expect("page", page, "page", page);
	*(volatile long *)(page + 8) = 42;
	tok("value", *(volatile long *)(page + 8));
	tok("zero", *(volatile long *)(page + 16));
	return 0;
}
