/* mprotect(PROT_WRITE) of a shared mapping of a file open read-only:
 * EACCES; a private one may become writable. */
#include "mem.h"

int main(int argc, char **argv)
{
	(void)argc;
	long fd = syscall(SYS_openat, AT_FDCWD, argv[0], O_RDONLY, 0);
	long s = mmap_raw(0, PAGE, PROT_READ, MAP_SHARED, fd, 0);
	long p = mmap_raw(0, PAGE, PROT_READ, MAP_PRIVATE, fd, 0);
	tok_ret("shared_write", syscall(SYS_mprotect, s, PAGE, PROT_READ | PROT_WRITE));
	tok_ret("shared_exec", syscall(SYS_mprotect, s, PAGE, PROT_READ | PROT_EXEC));
	tok_ret("private_write", syscall(SYS_mprotect, p, PAGE, PROT_READ | PROT_WRITE));
	tok_access("shared", s);
	tok_access("private", p);
	tok_map("shared_writable_map", mmap_raw(0, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0), 0);
	return 0;
}
