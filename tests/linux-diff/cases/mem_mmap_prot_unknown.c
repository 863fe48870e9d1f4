/* mmap with prot bits beyond READ|WRITE|EXEC. */
#include "mem.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	long f = MAP_PRIVATE | MAP_ANONYMOUS;
	tok("sem_ok", mmap_raw(0, PAGE, PROT_READ | 0x8, f, -1, 0) > 0);
	tok("bit4_ok", mmap_raw(0, PAGE, PROT_READ | 0x10, f, -1, 0) > 0);
	tok("growsdown_ok", mmap_raw(0, PAGE, PROT_READ | PROT_GROWSDOWN, f, -1, 0) > 0);
	tok("high_ok", mmap_raw(0, PAGE, PROT_READ | 0x10000, f, -1, 0) > 0);
	return 0;
}
