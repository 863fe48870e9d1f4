/*
 * The file-system system calls on the initramfs, checked against the
 * answers Linux 6.1 gives: run it as rdinit=/bin/fs_calls in the archive
 * kcore::testfs::archive makes, on this kernel and on Linux (the harness
 * keeps that archive as target/test-logs/fs-calls.initrd). On Linux it
 * first remounts the root read-only, so that both kernels see a
 * read-only file system.
 *
 * It is freestanding (nolibc.h: no C library, no floating-point
 * registers), and every call is the raw system call named (on riscv64,
 * which has no open, stat, lstat, readlink, access or fork, the *at call
 * on AT_FDCWD or clone, which Linux's old calls wrap). Every check
 * prints one line; the exit status is the number of failures.
 *
 * Where Linux starts a bad image and then kills the process (a segment
 * it cannot map), this kernel refuses it before anything changes and
 * execve returns an error: those answers are checked per kernel, by the
 * argument expect=faultline or expect=linux (the default). With -v it
 * prints every check, not only the failures.
 */
#define _GNU_SOURCE
#include "nolibc.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* A device number as st_rdev holds it, for small majors and minors. */
#define makedev(ma, mi) (((ma) << 8) | (mi))

#ifndef SYS_faccessat2
#define SYS_faccessat2 439
#endif

static int failures;
static int faultline;
static int verbose;

/* The result of a raw call: the value, or -errno. */
static long res(long r)
{
	return r == -1 ? -errno : r;
}

static void check(const char *what, long got, long want)
{
	if (got == want) {
		if (verbose)
			printf("pass: %s = %ld\n", what, got);
	} else {
		printf("FAIL %s = %ld, want %ld\n", what, got, want);
		failures++;
	}
}

#define CALL(what, call, want) check(what, res((long)(call)), want)

static void expect_true(const char *what, int cond)
{
	check(what, cond, 1);
}

static long sys_open(const char *p, int flags)
{
	return k_open(p, flags, 0);
}

static void files_and_offsets(void)
{
	char buf[64];
	int fd = sys_open("/etc/hello.txt", O_RDONLY);
	expect_true("open /etc/hello.txt", fd >= 3);
	CALL("read 5", syscall(SYS_read, fd, buf, 5), 5);
	expect_true("read gives hello", memcmp(buf, "hello", 5) == 0);
	CALL("lseek CUR 0", syscall(SYS_lseek, fd, 0, SEEK_CUR), 5);
	CALL("pread 5 at 7", syscall(SYS_pread64, fd, buf, 5, 7), 5);
	expect_true("pread gives world", memcmp(buf, "world", 5) == 0);
	CALL("pread leaves the offset", syscall(SYS_lseek, fd, 0, SEEK_CUR), 5);
	CALL("read the rest", syscall(SYS_read, fd, buf, sizeof buf), 8);
	CALL("read at the end", syscall(SYS_read, fd, buf, sizeof buf), 0);
	CALL("pread past the end", syscall(SYS_pread64, fd, buf, 5, 1000), 0);
	CALL("pread negative offset", syscall(SYS_pread64, fd, buf, 5, -1L), -EINVAL);
	CALL("lseek SET -1", syscall(SYS_lseek, fd, -1L, SEEK_SET), -EINVAL);
	CALL("lseek END -100", syscall(SYS_lseek, fd, -100L, SEEK_END), -EINVAL);
	CALL("lseek still 13", syscall(SYS_lseek, fd, 0, SEEK_CUR), 13);
	CALL("lseek END 0", syscall(SYS_lseek, fd, 0, SEEK_END), 13);
	CALL("lseek END +100", syscall(SYS_lseek, fd, 100, SEEK_END), 113);
	CALL("read past the end", syscall(SYS_read, fd, buf, sizeof buf), 0);
	CALL("lseek whence 7", syscall(SYS_lseek, fd, 0, 7), -EINVAL);
	CALL("lseek DATA 0", syscall(SYS_lseek, fd, 0, SEEK_DATA), 0);
	CALL("lseek HOLE 0", syscall(SYS_lseek, fd, 0, SEEK_HOLE), 13);
	CALL("lseek DATA 13", syscall(SYS_lseek, fd, 13, SEEK_DATA), -ENXIO);
	CALL("write to O_RDONLY", syscall(SYS_write, fd, "x", 1), -EBADF);
	CALL("read into NULL", syscall(SYS_pread64, fd, NULL, 5, 0), -EFAULT);

	struct stat st;
	CALL("fstat", syscall(SYS_fstat, fd, &st), 0);
	check("st_size", st.st_size, 13);
	check("st_mode", st.st_mode, S_IFREG | 0644);
	check("st_nlink", st.st_nlink, 1);
	check("st_blksize", st.st_blksize, 4096);
	check("st_blocks", st.st_blocks, 8);
	CALL("close", syscall(SYS_close, fd), 0);
	CALL("close again", syscall(SYS_close, fd), -EBADF);

	CALL("read bad fd", syscall(SYS_read, 999, buf, 1), -EBADF);
	CALL("pread bad fd", syscall(SYS_pread64, 999, buf, 1, 0), -EBADF);
	CALL("lseek bad fd", syscall(SYS_lseek, 999, 0, SEEK_SET), -EBADF);
	CALL("fstat bad fd", syscall(SYS_fstat, 999, &st), -EBADF);
	CALL("fstat fd -1", syscall(SYS_fstat, -1, &st), -EBADF);
	CALL("getdents64 bad fd", syscall(SYS_getdents64, 999, buf, sizeof buf), -EBADF);
	CALL("fchdir bad fd", syscall(SYS_fchdir, 999), -EBADF);
	CALL("close bad fd", syscall(SYS_close, 999), -EBADF);

	/* The console: a terminal, which cannot seek. */
	CALL("lseek on the console", syscall(SYS_lseek, 1, 0, SEEK_CUR), -ESPIPE);
	CALL("pread on the console", syscall(SYS_pread64, 0, buf, 1, 0), -ESPIPE);
	fd = sys_open("/dev/null", O_RDWR);
	expect_true("open /dev/null O_RDWR", fd >= 0);
	CALL("write /dev/null", syscall(SYS_write, fd, "abc", 3), 3);
	CALL("read /dev/null", syscall(SYS_read, fd, buf, 3), 0);
	CALL("lseek /dev/null", syscall(SYS_lseek, fd, 100, SEEK_SET), 0);
	CALL("pread /dev/null", syscall(SYS_pread64, fd, buf, 3, 5), 0);
	CALL("fstat /dev/null", syscall(SYS_fstat, fd, &st), 0);
	check("/dev/null is a character device", S_ISCHR(st.st_mode), 1);
	check("/dev/null rdev", st.st_rdev, makedev(1, 3));
	syscall(SYS_close, fd);
}

static void opening(void)
{
	static char longpath[4100], longname[300];
	CALL("open O_WRONLY", sys_open("/etc/hello.txt", O_WRONLY), -EROFS);
	CALL("open O_RDWR", sys_open("/etc/hello.txt", O_RDWR), -EROFS);
	CALL("open O_TRUNC", sys_open("/etc/hello.txt", O_RDONLY | O_TRUNC), -EROFS);
	CALL("open O_CREAT new", sys_open("/etc/new", O_RDONLY | O_CREAT), -EROFS);
	CALL("open O_CREAT|O_EXCL existing", sys_open("/etc/hello.txt", O_RDONLY | O_CREAT | O_EXCL), -EEXIST);
	CALL("open O_CREAT no dir", sys_open("/nodir/x", O_RDONLY | O_CREAT), -ENOENT);
	CALL("open O_CREAT dangling", sys_open("/dangling", O_RDONLY | O_CREAT), -EROFS);
	CALL("open O_CREAT on a dir", sys_open("/dir", O_RDONLY | O_CREAT), -EISDIR);
	CALL("open O_DIRECTORY file", sys_open("/etc/hello.txt", O_RDONLY | O_DIRECTORY), -ENOTDIR);
	CALL("open dir O_WRONLY", sys_open("/dir", O_WRONLY), -EISDIR);
	CALL("open file/x", sys_open("/etc/hello.txt/x", O_RDONLY), -ENOTDIR);
	CALL("open file/", sys_open("/etc/hello.txt/", O_RDONLY), -ENOTDIR);
	CALL("open empty path", sys_open("", O_RDONLY), -ENOENT);
	CALL("open NULL", sys_open(NULL, O_RDONLY), -EFAULT);
	CALL("open missing", sys_open("/missing", O_RDONLY), -ENOENT);
	CALL("open missing/x", sys_open("/missing/x", O_RDONLY), -ENOENT);
	memset(longpath, 'a', 4096);
	CALL("open PATH_MAX path", sys_open(longpath, O_RDONLY), -ENAMETOOLONG);
	longname[0] = '/';
	memset(longname + 1, 'b', 256);
	CALL("open 256-byte name", sys_open(longname, O_RDONLY), -ENAMETOOLONG);
	CALL("open symlink loop", sys_open("/loop1", O_RDONLY), -ELOOP);
	CALL("open O_NOFOLLOW link", sys_open("/link-abs", O_RDONLY | O_NOFOLLOW), -ELOOP);
	CALL("open dangling", sys_open("/dangling", O_RDONLY), -ENOENT);
	long fd = sys_open("/chain/l1", O_RDONLY);
	expect_true("open 40 links", fd >= 0);
	syscall(SYS_close, fd);
	CALL("open 41 links", sys_open("/chain/l0", O_RDONLY), -ELOOP);
	fd = sys_open("/link-dir/../etc/./hello.txt", O_RDONLY);
	expect_true("open through link-dir/..", fd >= 0);
	syscall(SYS_close, fd);
	fd = sys_open("//etc//hello.txt", O_RDONLY);
	expect_true("open //etc//hello.txt", fd >= 0);
	syscall(SYS_close, fd);
	fd = sys_open("/link-dir/", O_RDONLY | O_NOFOLLOW | O_DIRECTORY);
	expect_true("O_NOFOLLOW with a trailing slash follows", fd >= 0);
	syscall(SYS_close, fd);
	fd = sys_open("/link-abs", O_PATH | O_NOFOLLOW);
	expect_true("open O_PATH|O_NOFOLLOW link", fd >= 0);
	char buf[8];
	CALL("read O_PATH", syscall(SYS_read, fd, buf, 1), -EBADF);
	CALL("readlinkat O_PATH empty", syscall(SYS_readlinkat, fd, "", buf, sizeof buf), 8);
	struct stat st;
	CALL("fstat O_PATH", syscall(SYS_fstat, fd, &st), 0);
	check("O_PATH link is a link", S_ISLNK(st.st_mode), 1);
	syscall(SYS_close, fd);
	/* The lowest free descriptor, and close-on-exec. */
	fd = sys_open("/etc/empty", O_RDONLY | O_CLOEXEC);
	check("lowest descriptor", fd, 3);
	CALL("read empty file", syscall(SYS_read, fd, buf, 8), 0);
	syscall(SYS_close, fd);
}

static void stats(void)
{
	struct stat st;
	CALL("stat link-abs", k_stat("/link-abs", &st), 0);
	check("stat follows", st.st_size, 13);
	CALL("lstat link-abs", k_lstat("/link-abs", &st), 0);
	check("lstat size", st.st_size, 14);
	check("lstat mode", st.st_mode, S_IFLNK | 0777);
	CALL("stat dir", k_stat("/dir", &st), 0);
	check("dir mode", st.st_mode, S_IFDIR | 0755);
	check("dir nlink", st.st_nlink, 3);
	CALL("stat /dev/console", k_stat("/dev/console", &st), 0);
	check("console rdev", st.st_rdev, makedev(5, 1));
	CALL("newfstatat empty", syscall(SYS_newfstatat, AT_FDCWD, "", &st, 0), -ENOENT);
	CALL("newfstatat bad flags", syscall(SYS_newfstatat, AT_FDCWD, "/dir", &st, 0x8000), -EINVAL);
	CALL("stat bad buffer", k_stat("/dir", (void *)8), -EFAULT);
	CALL("stat missing", k_stat("/missing", &st), -ENOENT);
	CALL("stat loop", k_stat("/loop1", &st), -ELOOP);
	CALL("lstat loop", k_lstat("/loop1", &st), 0);
	CALL("stat dangling", k_stat("/dangling", &st), -ENOENT);
	CALL("lstat dangling", k_lstat("/dangling", &st), 0);
	long fd = sys_open("/etc/hello.txt", O_RDONLY);
	CALL("newfstatat AT_EMPTY_PATH", syscall(SYS_newfstatat, fd, "", &st, AT_EMPTY_PATH), 0);
	check("AT_EMPTY_PATH size", st.st_size, 13);
	CALL("newfstatat relative to a file", syscall(SYS_newfstatat, fd, "x", &st, 0), -ENOTDIR);
	syscall(SYS_close, fd);
	fd = sys_open("/etc", O_RDONLY | O_DIRECTORY);
	CALL("newfstatat relative", syscall(SYS_newfstatat, fd, "hello.txt", &st, 0), 0);
	CALL("newfstatat absolute ignores dirfd", syscall(SYS_newfstatat, 999, "/etc", &st, 0), 0);
	CALL("newfstatat relative bad dirfd", syscall(SYS_newfstatat, 999, "etc", &st, 0), -EBADF);
	syscall(SYS_close, fd);
}

static int seen(const char *names, const char *name)
{
	char key[64];
	snprintf(key, sizeof key, " %s ", name);
	return strstr(names, key) != NULL;
}

static void directories(void)
{
	char buf[4096], names[512] = " ";
	long fd = sys_open("/dir", O_RDONLY | O_DIRECTORY);
	expect_true("open /dir", fd >= 0);
	CALL("read a directory", syscall(SYS_read, fd, buf, 10), -EISDIR);
	CALL("getdents64 tiny buffer", syscall(SYS_getdents64, fd, buf, 10), -EINVAL);
	CALL("getdents64 bad buffer", syscall(SYS_getdents64, fd, (void *)8, sizeof buf), -EFAULT);
	long n = res(syscall(SYS_getdents64, fd, buf, sizeof buf));
	expect_true("getdents64 returns entries", n > 0);
	int count = 0;
	for (long at = 0; at < n;) {
		struct dirent64 *d = (struct dirent64 *)(buf + at);
		strcat(names, d->d_name);
		strcat(names, " ");
		if (strcmp(d->d_name, "sub") == 0)
			check("d_type of sub", d->d_type, DT_DIR);
		if (strcmp(d->d_name, "a") == 0)
			check("d_type of a", d->d_type, DT_REG);
		at += d->d_reclen;
		count++;
	}
	check("entries", count, 5);
	expect_true("all names", seen(names, ".") && seen(names, "..") && seen(names, "a") &&
				 seen(names, "b") && seen(names, "sub"));
	CALL("getdents64 at the end", syscall(SYS_getdents64, fd, buf, sizeof buf), 0);
	CALL("lseek dir to 0", syscall(SYS_lseek, fd, 0, SEEK_SET), 0);
	CALL("lseek dir END", syscall(SYS_lseek, fd, 0, SEEK_END), -EINVAL);
	expect_true("getdents64 again", res(syscall(SYS_getdents64, fd, buf, sizeof buf)) == n);
	syscall(SYS_close, fd);
	fd = sys_open("/etc/hello.txt", O_RDONLY);
	CALL("getdents64 on a file", syscall(SYS_getdents64, fd, buf, sizeof buf), -ENOTDIR);
	syscall(SYS_close, fd);
}

static void links_and_access(void)
{
	char buf[64];
	CALL("readlink", k_readlink("/link-rel", buf, sizeof buf), 13);
	expect_true("readlink target", memcmp(buf, "etc/hello.txt", 13) == 0);
	CALL("readlink short buffer", k_readlink("/link-rel", buf, 3), 3);
	CALL("readlink size 0", k_readlink("/link-rel", buf, 0), -EINVAL);
	CALL("readlink a file", k_readlink("/etc/hello.txt", buf, sizeof buf), -EINVAL);
	CALL("readlink missing", k_readlink("/missing", buf, sizeof buf), -ENOENT);
	CALL("readlink bad buffer", k_readlink("/link-rel", (void *)8, 10), -EFAULT);
	long root = sys_open("/", O_RDONLY | O_DIRECTORY);
	CALL("readlinkat", syscall(SYS_readlinkat, root, "link-dir", buf, sizeof buf), 3);
	CALL("readlinkat empty on a dir", syscall(SYS_readlinkat, root, "", buf, sizeof buf), -ENOENT);
	syscall(SYS_close, root);

	CALL("access R_OK", k_access("/etc/hello.txt", R_OK), 0);
	CALL("access W_OK", k_access("/etc/hello.txt", W_OK), -EROFS);
	CALL("access X_OK non-exec", k_access("/etc/hello.txt", X_OK), -EACCES);
	CALL("access X_OK exec", k_access("/bin/fs_calls", X_OK), 0);
	CALL("access X_OK dir", k_access("/dir", X_OK), 0);
	CALL("access W_OK dir", k_access("/dir", W_OK), -EROFS);
	CALL("access W_OK /dev/null", k_access("/dev/null", W_OK), 0);
	CALL("access missing", k_access("/missing", F_OK), -ENOENT);
	CALL("access bad mode", k_access("/dir", 8), -EINVAL);
	CALL("access dangling", k_access("/dangling", F_OK), -ENOENT);
	CALL("faccessat2 NOFOLLOW dangling",
	     syscall(SYS_faccessat2, AT_FDCWD, "/dangling", F_OK, AT_SYMLINK_NOFOLLOW), 0);
	CALL("faccessat2 bad flags", syscall(SYS_faccessat2, AT_FDCWD, "/dir", F_OK, 0x4000), -EINVAL);
	CALL("faccessat", syscall(SYS_faccessat, AT_FDCWD, "/dir", R_OK), 0);
	CALL("faccessat2 AT_EACCESS", syscall(SYS_faccessat2, AT_FDCWD, "/dir", R_OK, AT_EACCESS), 0);
}

static void cwd(void)
{
	char buf[64];
	CALL("chdir /dir", syscall(SYS_chdir, "/dir"), 0);
	CALL("getcwd", syscall(SYS_getcwd, buf, sizeof buf), 5);
	expect_true("getcwd is /dir", strcmp(buf, "/dir") == 0);
	long fd = sys_open("a", O_RDONLY);
	expect_true("open relative", fd >= 0);
	syscall(SYS_close, fd);
	CALL("chdir sub", syscall(SYS_chdir, "sub"), 0);
	syscall(SYS_getcwd, buf, sizeof buf);
	expect_true("getcwd is /dir/sub", strcmp(buf, "/dir/sub") == 0);
	CALL("chdir ../..", syscall(SYS_chdir, "../.."), 0);
	syscall(SYS_getcwd, buf, sizeof buf);
	expect_true("getcwd is /", strcmp(buf, "/") == 0);
	CALL("chdir .. at the root", syscall(SYS_chdir, ".."), 0);
	CALL("chdir /link-dir", syscall(SYS_chdir, "/link-dir"), 0);
	syscall(SYS_getcwd, buf, sizeof buf);
	expect_true("getcwd through a link is /dir", strcmp(buf, "/dir") == 0);
	CALL("chdir a file", syscall(SYS_chdir, "/etc/hello.txt"), -ENOTDIR);
	CALL("chdir missing", syscall(SYS_chdir, "/missing"), -ENOENT);
	CALL("chdir NULL", syscall(SYS_chdir, NULL), -EFAULT);
	fd = sys_open("/etc", O_RDONLY | O_DIRECTORY);
	CALL("fchdir /etc", syscall(SYS_fchdir, fd), 0);
	syscall(SYS_getcwd, buf, sizeof buf);
	expect_true("getcwd is /etc", strcmp(buf, "/etc") == 0);
	CALL("openat relative", syscall(SYS_openat, fd, "hello.txt", O_RDONLY) >= 0, 1);
	syscall(SYS_close, fd);
	fd = sys_open("/etc/hello.txt", O_RDONLY);
	CALL("fchdir a file", syscall(SYS_fchdir, fd), -ENOTDIR);
	CALL("openat relative to a file", syscall(SYS_openat, fd, "x", O_RDONLY), -ENOTDIR);
	syscall(SYS_close, fd);
	CALL("openat bad dirfd", syscall(SYS_openat, 999, "x", O_RDONLY), -EBADF);
	fd = syscall(SYS_openat, 999, "/etc/hello.txt", O_RDONLY);
	expect_true("openat absolute ignores dirfd", fd >= 0);
	syscall(SYS_close, fd);
	CALL("getcwd too small", syscall(SYS_getcwd, buf, 2), -ERANGE);
	CALL("getcwd size 0", syscall(SYS_getcwd, buf, 0), -ERANGE);
	CALL("getcwd bad buffer", syscall(SYS_getcwd, (void *)8, 64), -EFAULT);
	syscall(SYS_chdir, "/");
}

static volatile int bus_code, bus_count;
static volatile void *bus_addr;

/* Records the fault and maps a zero page over it, so that the load
 * completes when the handler returns. */
static void on_bus(int sig, siginfo_t *si, void *ctx)
{
	(void)sig;
	(void)ctx;
	bus_count++;
	bus_code = si->si_code;
	bus_addr = si->si_addr;
	long page = (long)si->si_addr & ~4095L;
	kmmap((void *)page, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
}

static void mappings(void)
{
	const long P = 4096;
	long fd = sys_open("/data/pages", O_RDONLY);
	expect_true("open /data/pages", fd >= 0);
	unsigned char *m = kmmap(NULL, 5 * P, PROT_READ, MAP_PRIVATE, fd, 0);
	expect_true("mmap private", m != MAP_FAILED);
	int same = 1;
	for (long i = 0; i < 3 * P + 100; i++)
		if (m[i] != (unsigned char)((i % 251) ^ (i / 4096)))
			same = 0;
	expect_true("mapped bytes are the file's", same);
	check("bytes past the end of the file are 0", m[3 * P + 100] | m[4 * P - 1], 0);
	ksigaction(SIGBUS, on_bus, SA_SIGINFO);
	volatile unsigned char *past = m + 4 * P + 8;
	check("a read past the last page of the file", *past, 0);
	check("SIGBUS delivered", bus_count, 1);
	check("SIGBUS code", bus_code, BUS_ADRERR);
#ifdef __s390x__
	/* s390x reports the page of the fault (the TEID has no more). */
	check("SIGBUS address", (long)bus_addr, (long)(m + 4 * P));
#else
	/* riscv64 reports the faulting address itself (stval). */
	check("SIGBUS address", (long)bus_addr, (long)past);
#endif
	syscall(SYS_munmap, m, 5 * P);

	m = kmmap(NULL, P, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, P);
	expect_true("mmap private writable at offset", m != MAP_FAILED);
	check("offset mapping", m[0], (unsigned char)((4096 % 251) ^ 1));
	m[0] = 0xee;
	unsigned char b;
	syscall(SYS_pread64, fd, &b, 1, P);
	check("a private write leaves the file", b, (unsigned char)((4096 % 251) ^ 1));
	syscall(SYS_munmap, m, P);

	m = kmmap(NULL, P, PROT_READ, MAP_SHARED, fd, 0);
	expect_true("mmap shared read-only", m != MAP_FAILED);
	CALL("mprotect shared to write", syscall(SYS_mprotect, m, P, PROT_READ | PROT_WRITE), -EACCES);
	syscall(SYS_munmap, m, P);
	CALL("mmap shared writable", (long)kmmap(NULL, P, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0), -EACCES);
	CALL("mmap unaligned offset", (long)kmmap(NULL, P, PROT_READ, MAP_PRIVATE, fd, 100), -EINVAL);
	CALL("mmap bad fd", (long)kmmap(NULL, P, PROT_READ, MAP_PRIVATE, 999, 0), -EBADF);
	syscall(SYS_close, fd);
	fd = sys_open("/dir", O_RDONLY);
	CALL("mmap a directory", (long)kmmap(NULL, P, PROT_READ, MAP_PRIVATE, fd, 0), -ENODEV);
	syscall(SYS_close, fd);
	fd = sys_open("/etc/hello.txt", O_PATH);
	CALL("mmap O_PATH", (long)kmmap(NULL, P, PROT_READ, MAP_PRIVATE, fd, 0), -EBADF);
	syscall(SYS_close, fd);
}

/* Runs execve(path, argv) in a child; returns -errno from the child's
 * failed execve, or 1000 + exit status, or 2000 + signal. */
static long exec_in_child(const char *path, char *const argv[], char *const envp[])
{
	long pid = k_fork();
	if (pid == 0) {
		long r = syscall(SYS_execve, path, argv, envp);
		_exit_group(r == -1 ? 100 + errno : 99);
	}
	int status;
	kwaitpid(pid, &status);
	if (WIFSIGNALED(status))
		return 2000 + WTERMSIG(status);
	int code = WEXITSTATUS(status);
	return code >= 100 && code < 99 + 100 ? -(code - 100) : 1000 + code;
}

/* An unmapped argv, out of the compiler's sight. */
static char **volatile bad_argv = (char **)8;

static void execs(void)
{
	char *argv[] = { "x", NULL }, *envp[] = { NULL };
	check("exec /bin/exit42", exec_in_child("/bin/exit42", argv, envp), 1042);
	check("exec not an ELF", exec_in_child("/bad/notelf", argv, envp), -ENOEXEC);
	check("exec wrong machine", exec_in_child("/bad/wrongmachine", argv, envp), -ENOEXEC);
	check("exec headers cut short", exec_in_child("/bad/shortphdr", argv, envp), -ENOEXEC);
	check("exec a directory", exec_in_child("/dir", argv, envp), -EACCES);
	check("exec without x", exec_in_child("/noexec", argv, envp), -EACCES);
	check("exec missing", exec_in_child("/missing", argv, envp), -ENOENT);
	check("exec loop", exec_in_child("/loop1", argv, envp), -ELOOP);
	check("exec bad argv", exec_in_child("/bin/exit42", bad_argv, envp), -EFAULT);
	/* Linux maps these and kills the process at once; this kernel
	 * refuses them before anything changes. */
	check("exec truncated", exec_in_child("/bad/truncated", argv, envp),
	      faultline ? -EIO : 2000 + SIGILL);
	check("exec overlapping segments", exec_in_child("/bad/overlap", argv, envp),
	      faultline ? -ENOEXEC : 1042);
	check("exec wrapping segment", exec_in_child("/bad/wrap", argv, envp),
	      faultline ? -ENOEXEC : 2000 + SIGSEGV);
	static char big[200000];
	memset(big, 'x', sizeof big - 1);
	char *bigv[] = { "x", big, NULL };
	check("exec a 200 KB argument", exec_in_child("/bin/exit42", bigv, envp), -E2BIG);

	/* Execing ourselves: close-on-exec, signal dispositions, the mask. */
	int keep = sys_open("/etc/hello.txt", O_RDONLY);
	int drop = sys_open("/etc/hello.txt", O_RDONLY | O_CLOEXEC);
	char k[16], d[16];
	snprintf(k, sizeof k, "%d", keep);
	snprintf(d, sizeof d, "%d", drop);
	ksigaction(SIGUSR2, SIG_IGN, 0);
	ksigaction(SIGUSR1, on_bus, SA_SIGINFO);
	unsigned long set = 1UL << (SIGTERM - 1);
	ksigprocmask(SIG_BLOCK, &set, NULL);
	char *selfv[] = { "fs_calls", "--exec-child", k, d, NULL };
	char *selfe[] = { "FROM=parent", NULL };
	check("exec self", exec_in_child("/bin/fs_calls", selfv, selfe), 1000);
	ksigprocmask(SIG_UNBLOCK, &set, NULL);
	syscall(SYS_close, keep);
	syscall(SYS_close, drop);
}

/* After execve: what survived. */
static int exec_child(int argc, char **argv)
{
	int bad = 0;
	struct stat st;
	char **envp = argv + argc + 1;
	if (argc != 4 || strcmp(argv[0], "fs_calls") != 0 || !envp[0] ||
	    strcmp(envp[0], "FROM=parent") != 0 || envp[1])
		bad |= 1; /* argv and envp copied */
	if (syscall(SYS_fstat, atol(argv[2]), &st) != 0)
		bad |= 2; /* not close-on-exec: still open */
	if (syscall(SYS_fstat, atol(argv[3]), &st) != -1 || errno != EBADF)
		bad |= 4; /* close-on-exec: gone */
	struct ksigaction sa;
	kgetaction(SIGUSR1, &sa);
	if (sa.handler != (unsigned long)SIG_DFL || sa.flags != 0)
		bad |= 8; /* a handler is reset, with its flags */
	kgetaction(SIGUSR2, &sa);
	if (sa.handler != (unsigned long)SIG_IGN)
		bad |= 16; /* ignored stays ignored */
	unsigned long set = 0;
	ksigprocmask(SIG_BLOCK, NULL, &set);
	if (!(set & (1UL << (SIGTERM - 1))))
		bad |= 32; /* the mask is kept */
	if (bad)
		printf("exec child: failures %#x\n", bad);
	return bad;
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--exec-child") == 0)
		return exec_child(argc, argv);
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "expect=faultline") == 0)
			faultline = 1;
		else if (strcmp(argv[i], "-v") == 0)
			verbose = 1;
	if (!faultline) {
		/* Linux's initramfs is writable: make it read-only as here. */
		long r = syscall(SYS_mount, "none", "/", NULL, MS_REMOUNT | MS_RDONLY, NULL);
		printf("remount / read-only: %ld\n", res(r));
	}
	files_and_offsets();
	opening();
	stats();
	directories();
	links_and_access();
	cwd();
	mappings();
	execs();
	printf("fs_calls: %d failures\n", failures);
	return failures;
}
