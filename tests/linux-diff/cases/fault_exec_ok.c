/* Code written into a read-write-exec mapping runs; after mprotect to
 * read-exec it still runs. */
#include "fault.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	unsigned long page = map_anon(PAGE, PROT_READ | PROT_WRITE | PROT_EXEC);
	fault_expect("page", page, "page", page);
	*(volatile unsigned short *)(page + 0xffe) = FAULT_BR14;
	fault_call(page + 0xffe);
	tok("rwx", 1);
	tok_ret("mprotect", syscall(SYS_mprotect, page, PAGE, PROT_READ | PROT_EXEC));
	fault_call(page + 0xffe);
	tok("rx", 1);
	return 0;
}
