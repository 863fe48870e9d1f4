/* A file mapping with a bad descriptor: EBADF; a directory: ENODEV;
 * a write-only pipe end: EACCES. */
#include "mem.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	tok_map("minus1", mmap_raw(0, PAGE, PROT_READ, MAP_PRIVATE, -1, 0), 0);
	tok_map("closed", mmap_raw(0, PAGE, PROT_READ, MAP_PRIVATE, 900, 0), 0);
	tok_map("shared_closed", mmap_raw(0, PAGE, PROT_READ, MAP_SHARED, 900, 0), 0);
	long d = syscall(SYS_openat, AT_FDCWD, "/", O_RDONLY | O_DIRECTORY, 0);
	tok_map("dir", mmap_raw(0, PAGE, PROT_READ, MAP_PRIVATE, d, 0), 0);
	return 0;
}
