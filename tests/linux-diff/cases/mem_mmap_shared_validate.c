/* MAP_SHARED|MAP_PRIVATE is MAP_SHARED_VALIDATE: a shared file mapping
 * whose unknown flags are refused (EOPNOTSUPP) instead of ignored; it is
 * not a type anonymous memory takes (EINVAL). */
#include "mem.h"

int main(int argc, char **argv)
{
	(void)argc;
	long fd = syscall(SYS_openat, AT_FDCWD, argv[0], O_RDONLY, 0);
	long v = MAP_SHARED | MAP_PRIVATE;
	long r = mmap_raw(0, PAGE, PROT_READ, v, fd, 0);
	tok("file_ok", !(r < 0 && r > -4096));
	if (!(r < 0 && r > -4096))
		tok("elf_magic", *(volatile unsigned char *)(r + 1));
	tok_map("file_unknown", mmap_raw(0, PAGE, PROT_READ, v | 0x200000, fd, 0), 0);
	tok_map("file_noreserve", mmap_raw(0, PAGE, PROT_READ, v | MAP_NORESERVE, fd, 0) > 0 ? 0 : -1, 0);
	tok_map("anon", mmap_raw(0, PAGE, PROT_READ, v | MAP_ANONYMOUS, -1, 0), 0);
	tok_map("anon_unknown", mmap_raw(0, PAGE, PROT_READ, v | MAP_ANONYMOUS | 0x200000, -1, 0), 0);
	return 0;
}
