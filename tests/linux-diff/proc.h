/*
 * What the proc_ cases (fork, wait4, job control, kill, default actions)
 * share. A child never prints while its parent may print: it reports
 * through its exit status or a shared page, or prints only while the
 * parent is blocked in wait4, so that the order of lines is the same on
 * any kernel.
 */
#ifndef PROC_H
#define PROC_H

#include "diff.h"

#include <sys/wait.h>

#ifndef __WALL
#define __WALL 0x40000000
#endif
#ifndef __WCLONE
#define __WCLONE 0x80000000
#endif

/* clone(2) without CLONE_VM: a fork whose parent gets exit_signal. */
NOLIBC_FN long fork_sig(int exit_signal)
{
	return syscall(SYS_clone, 0, (long)exit_signal, 0, 0, 0);
}

NOLIBC_FN long fork_chld(void)
{
	return fork_sig(SIGCHLD);
}

/* wait4(pid, &status, options, NULL): prints "what=child status=0x..."
 * if it returned `child`, "what=other" for another pid, else the result
 * (0 or the error). Returns the status (0x5a5a if none was written). */
NOLIBC_FN int wait_tok(const char *what, long pid, int options, long child)
{
	int status = 0x5a5a;
	long r = syscall(SYS_wait4, pid, &status, (long)options, 0);
	if (r > 0 && r == child)
		printf("%s=child status=0x%x\n", what, status);
	else if (r > 0)
		printf("%s=other\n", what);
	else
		tok_ret(what, r);
	return status;
}

/* A child that waits for signals until one kills it. */
NOLIBC_FN void pause_forever(void)
{
	for (;;)
		syscall(SYS_pause);
}

/* A page shared with the children (MAP_SHARED|MAP_ANONYMOUS). */
NOLIBC_FN volatile long *shared_page(void)
{
	return (volatile long *)kmmap(0, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
				      -1, 0);
}

NOLIBC_FN void kill_tok(const char *what, long pid, long sig)
{
	tok_ret(what, syscall(SYS_kill, pid, sig));
}

#endif
