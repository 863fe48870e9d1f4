/* wait4 with a bad status or rusage pointer: EFAULT, and whether the
 * child was reaped anyway. */
#include "mem.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	unsigned long f = free_range(PAGE);
	long pid = syscall(SYS_clone, 0, SIGCHLD, 0, 0, 0);
	if (pid == 0)
		_exit_group(3);
	tok_ret("status_unmapped", syscall(SYS_wait4, pid, f, 0, 0) == pid ? 0 : -1);
	tok_ret("again", syscall(SYS_wait4, pid, 0, 1 /* WNOHANG */, 0) == pid ? 0 : -1);
	pid = syscall(SYS_clone, 0, SIGCHLD, 0, 0, 0);
	if (pid == 0)
		_exit_group(4);
	tok_ret("rusage_unmapped", syscall(SYS_wait4, pid, 0, 0, f) == pid ? 0 : -1);
	tok_ret("again2", syscall(SYS_wait4, pid, 0, 1 /* WNOHANG */, 0) == pid ? 0 : -1);
	tok_ret("no_child_bad_ptr", syscall(SYS_wait4, -1, f, 0, 0));
	return 0;
}
