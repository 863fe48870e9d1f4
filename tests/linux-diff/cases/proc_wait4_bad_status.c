/* wait4 with an unwritable status pointer: -EFAULT; measure whether the
 * child was reaped anyway (a second wait4 finds nothing). */
#include "proc.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	long pid = fork_chld();
	if (pid == 0)
		_exit_group(2);
	tok_ret("bad_status", syscall(SYS_wait4, pid, 8, 0, 0));
	wait_tok("again", pid, WNOHANG, pid);
	pid = fork_chld();
	if (pid == 0)
		_exit_group(2);
	/* A kernel address. */
	tok_ret("kernel_status", syscall(SYS_wait4, pid, 0x3ff00000000UL, 0, 0));
	wait_tok("again2", -1, WNOHANG, pid);
	return 0;
}
