/* kill as an unprivileged user: EPERM for a root process, except SIGCONT
 * within the session; EINVAL (bad signal) before EPERM; kill(-1) returns
 * 0 when every target refused with EPERM; its own group succeeds. */
#include "proc.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	long pid = fork_chld();
	if (pid == 0) {
		long parent = syscall(SYS_getppid);
		tok_ret("setuid", syscall(SYS_setuid, 65534));
		kill_tok("parent_0", parent, 0);
		kill_tok("parent_usr1", parent, SIGUSR1);
		kill_tok("parent_65", parent, 65);
		kill_tok("parent_cont", parent, SIGCONT);
		kill_tok("self_0", syscall(SYS_getpid), 0);
		kill_tok("all_0", -1, 0);
		kill_tok("group_0", 0, 0);
		_exit_group(0);
	}
	wait_tok("child", pid, 0, pid);
	return 0;
}
