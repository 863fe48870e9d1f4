/* A child that stops itself with SIGSTOP runs on after SIGCONT: its
 * exit code says so. The parent sees stop, continue, exit. */
#include "proc.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	long pid = fork_chld();
	if (pid == 0) {
		syscall(SYS_kill, syscall(SYS_getpid), SIGSTOP);
		_exit_group(42);
	}
	wait_tok("untraced", pid, WUNTRACED, pid);
	kill_tok("cont", pid, SIGCONT);
	wait_tok("exit", pid, 0, pid);
	return 0;
}
