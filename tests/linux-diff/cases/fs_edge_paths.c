/* Path, directory and name calls with every edge pointer and length:
 * openat, newfstatat, fstat, faccessat, chdir, readlinkat, getdents64,
 * getcwd, execve (its path, argv and envp), pipe2. */
#include "edge.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	unsigned long two = map_anon(2 * PAGE, PROT_READ | PROT_WRITE);
	syscall(SYS_munmap, two + PAGE, PAGE);
	char *buf = (char *)two;
	/* "/" in the mapping. (Not at its very end: Linux 6.1 on s390x
	 * reads a path in pieces that may run past its NUL, and answers
	 * EFAULT for a path whose NUL is the last byte before a hole.) */
	char *slash = buf + 32;
	slash[0] = '/';
	slash[1] = 0;
	long dir = k_open("/", O_RDONLY | O_DIRECTORY, 0);
	for (int i = 0; i < EDGES; i++) {
		unsigned long a = edge_addr(i, (unsigned long)slash - 1);
		long r = raw_syscall(SYS_openat, AT_FDCWD, (long)a, O_RDONLY, 0, 0, 0);
		edge_tok("openat", "path", i, r < 0 ? r : 0);
		if (r >= 0)
			syscall(SYS_close, r);
		edge_tok("newfstatat", "path", i, raw_syscall(SYS_newfstatat, AT_FDCWD, (long)a, (long)buf, 0, 0, 0));
		unsigned long b = edge_addr(i, (unsigned long)buf);
		edge_tok("newfstatat", "buf", i, raw_syscall(SYS_newfstatat, AT_FDCWD, (long)slash, (long)b, 0, 0, 0));
		edge_tok("fstat", "buf", i, raw_syscall(SYS_fstat, dir, (long)b, 0, 0, 0, 0));
		edge_tok("faccessat", "path", i, raw_syscall(SYS_faccessat, AT_FDCWD, (long)a, 0, 0, 0, 0));
		edge_tok("chdir", "path", i, raw_syscall(SYS_chdir, (long)a, 0, 0, 0, 0, 0));
		edge_tok("readlinkat", "path", i, raw_syscall(SYS_readlinkat, AT_FDCWD, (long)a, (long)buf, 16, 0, 0));
		edge_tok("readlinkat", "size", i,
			 raw_syscall(SYS_readlinkat, AT_FDCWD, (long)slash, (long)buf, (long)edge_len(i), 0, 0));
		raw_syscall(SYS_lseek, dir, 0, 0, 0, 0, 0);
		r = raw_syscall(SYS_getdents64, dir, (long)b, 64, 0, 0, 0);
		edge_tok("getdents64", "buf", i, r > 0 ? 1 : r);
		raw_syscall(SYS_lseek, dir, 0, 0, 0, 0, 0);
		r = raw_syscall(SYS_getdents64, dir, (long)buf, (long)edge_len(i), 0, 0, 0);
		edge_tok("getdents64", "count", i, r > 0 ? 1 : r);
		raw_syscall(SYS_lseek, dir, 0, 0, 0, 0, 0);
		r = raw_syscall(SYS_getdents64, dir, (long)buf + PAGE - 64, (long)edge_len(i), 0, 0, 0);
		edge_tok("getdents64_end", "count", i, r > 0 ? 1 : r);
		edge_tok("getcwd", "buf", i, raw_syscall(SYS_getcwd, (long)b, 64, 0, 0, 0, 0));
		edge_tok("getcwd", "size", i, raw_syscall(SYS_getcwd, (long)buf, (long)edge_len(i), 0, 0, 0, 0));
		edge_tok("getcwd_end", "size", i,
			 raw_syscall(SYS_getcwd, (long)buf + PAGE - 1, (long)edge_len(i), 0, 0, 0, 0));
		edge_tok("pipe2", "fds", i, raw_syscall(SYS_pipe2, (long)b, 0, 0, 0, 0, 0) < 0 ? -EFAULT : 0);
	}
	/* execve of a path that does not exist: the pointers are read first. */
	char *none = buf + 64;
	const char *nope = "/no/such/file";
	for (int j = 0; j == 0 || nope[j - 1]; j++)
		none[j] = nope[j];
	unsigned long *vec = (unsigned long *)(buf + PAGE - 16);
	vec[0] = (unsigned long)none;
	vec[1] = 0;
	for (int i = 0; i < EDGES; i++) {
		unsigned long a = edge_addr(i, (unsigned long)none - 1);
		edge_tok("execve", "path", i, raw_syscall(SYS_execve, (long)a, 0, 0, 0, 0, 0));
		unsigned long v = edge_addr(i, (unsigned long)vec - 1);
		edge_tok("execve", "argv", i, raw_syscall(SYS_execve, (long)none, (long)v, 0, 0, 0, 0));
		edge_tok("execve", "envp", i, raw_syscall(SYS_execve, (long)none, (long)vec, (long)v, 0, 0, 0));
		vec[0] = edge_addr(i, (unsigned long)none);
		edge_tok("execve", "argv0", i, raw_syscall(SYS_execve, (long)none, (long)vec, 0, 0, 0, 0));
		vec[0] = (unsigned long)none;
	}
	return 0;
}
