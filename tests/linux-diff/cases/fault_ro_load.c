/* A load from a read-only page works and reads zero. */
#include "fault.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	unsigned long page = map_anon(PAGE, PROT_READ);
	fault_expect("page", page, "page", page);
	tok("value", *(volatile long *)(page + 0x800));
	return 0;
}
