/* MAP_GROWSDOWN on a file mapping: EINVAL. */
#include "mem.h"

int main(int argc, char **argv)
{
	(void)argc;
	long fd = syscall(SYS_openat, AT_FDCWD, argv[0], O_RDONLY, 0);
	tok_map("file", mmap_raw(0, PAGE, PROT_READ, MAP_PRIVATE | MAP_GROWSDOWN, fd, 0), 0);
	tok_map("shared_anon", mmap_raw(0, PAGE, PROT_READ, MAP_SHARED | MAP_ANONYMOUS | MAP_GROWSDOWN, -1, 0), 0);
	return 0;
}
