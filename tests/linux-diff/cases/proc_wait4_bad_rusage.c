/* wait4 with an unwritable rusage pointer: -EFAULT, the status already
 * written, the child reaped; a good rusage pointer works. */
#include "proc.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	long pid = fork_chld();
	if (pid == 0)
		_exit_group(3);
	int status = 0x5a5a;
	tok_ret("bad_rusage", syscall(SYS_wait4, pid, &status, 0, 16));
	printf("status=0x%x\n", status);
	wait_tok("again", pid, WNOHANG, pid);
	pid = fork_chld();
	if (pid == 0)
		_exit_group(4);
	long ru[18];
	for (int i = 0; i < 18; i++)
		ru[i] = -1;
	long r = syscall(SYS_wait4, pid, &status, 0, ru);
	tok("good_is_child", r == pid);
	printf("status=0x%x\n", status);
	/* ru_maxrss onwards are counts: not -1 any more. */
	tok("ru_written", ru[4] != -1 && ru[2] >= 0);
	/* Both bad: which EFAULT first does not show, but nothing is left. */
	pid = fork_chld();
	if (pid == 0)
		_exit_group(5);
	tok_ret("both_bad", syscall(SYS_wait4, pid, 8, 0, 16));
	wait_tok("again3", -1, WNOHANG, pid);
	return 0;
}
