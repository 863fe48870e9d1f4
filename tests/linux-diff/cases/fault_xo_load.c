/* An exec-only mapping can be read on s390x: a load works; the code in
 * it runs. */
#include "fault.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	unsigned long page = map_anon(PAGE, PROT_READ | PROT_WRITE);
	*(volatile unsigned short *)page = FAULT_BR14;
	syscall(SYS_mprotect, page, PAGE, PROT_EXEC);
	fault_expect("page", page, "page", page);
	printf("value=%x\n", *(volatile unsigned short *)page);
	fault_call(page);
	tok("called", 1);
	return 0;
}
