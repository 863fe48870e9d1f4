/* mmap with length 0 (anonymous and file): EINVAL. */
#include "mem.h"

int main(int argc, char **argv)
{
	(void)argc;
	tok_map("anon", mmap_raw(0, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), 0);
	long fd = syscall(SYS_openat, AT_FDCWD, argv[0], O_RDONLY, 0);
	tok_map("file", mmap_raw(0, 0, PROT_READ, MAP_PRIVATE, fd, 0), 0);
	tok_map("badfd", mmap_raw(0, 0, PROT_READ, MAP_PRIVATE, -1, 0), 0);
	return 0;
}
