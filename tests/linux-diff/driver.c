/*
 * The differential suite's runner (not a case). As /init it runs every
 * case named in /cases.list, in order; with arguments it runs just those.
 * Each case runs in a fresh child (fork, execve /cases/NAME), between the
 * lines "@@case NAME" and "@@status exit N" / "@@status signal N", so that
 * the harness can cut the console into cases on either kernel.
 */
#include "nolibc.h"

#include <fcntl.h>
#include <signal.h>

static void run(const char *name)
{
	char path[128];
	snprintf(path, sizeof path, "/cases/%s", name);
	printf("@@case %s\n", name);
#if defined(__s390x__)
	long pid = syscall(SYS_clone, 0, SIGCHLD, 0, 0, 0);
#else
	/* The edge cases also run on riscv64 (clone's flags come first). */
	long pid = k_fork();
#endif
	if (pid == 0) {
		char *argv[] = { path, 0 };
		char *envp[] = { 0 };
		syscall(SYS_execve, path, argv, envp);
		printf("driver: cannot exec %s (errno %d)\n", path, errno);
		_exit_group(127);
	}
	int status = 0;
	if (pid < 0 || kwaitpid(pid, &status) != pid) {
		printf("@@status lost\n");
		return;
	}
	if ((status & 0x7f) == 0)
		printf("@@status exit %d\n", (status >> 8) & 0xff);
	else
		printf("@@status signal %d\n", status & 0x7f);
}

int main(int argc, char **argv)
{
	if (argc > 1) {
		for (int i = 1; i < argc; i++)
			run(argv[i]);
		printf("@@done\n");
		return 0;
	}
	static char list[65536];
	long fd = syscall(SYS_openat, AT_FDCWD, "/cases.list", O_RDONLY, 0);
	long n = fd < 0 ? -1 : syscall(SYS_read, fd, list, sizeof list - 1);
	if (n < 0) {
		printf("driver: cannot read /cases.list\n");
		return 1;
	}
	list[n] = 0;
	char *p = list;
	while (*p) {
		char *name = p;
		while (*p && *p != '\n')
			p++;
		if (*p)
			*p++ = 0;
		if (*name)
			run(name);
	}
	printf("@@done\n");
	return 0;
}
