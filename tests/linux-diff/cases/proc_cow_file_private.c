/* A private mapping of a file (the case's own executable): the child's
 * write stays in the child, the parent and the file keep the bytes. */
#include "proc.h"

#include <fcntl.h>

int main(int argc, char **argv)
{
	(void)argc;
	long fd = syscall(SYS_openat, AT_FDCWD, argv[0], O_RDONLY, 0);
	tok("open_ok", fd >= 0);
	volatile unsigned char *p = kmmap(0, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, (int)fd, 0);
	volatile long *sh = shared_page();
	tok("elf_magic", p[1] == 'E' && p[2] == 'L' && p[3] == 'F');
	long pid = fork_chld();
	if (pid == 0) {
		p[1] = 'X';
		sh[0] = p[1];
		_exit_group(0);
	}
	wait_tok("wait", pid, 0, pid);
	printf("child=%c parent=%c\n", (char)sh[0], p[1]);
	unsigned char b[4] = { 0 };
	syscall(SYS_pread64, fd, b, 4, 0);
	printf("file=%c\n", b[1]);
	return 0;
}
