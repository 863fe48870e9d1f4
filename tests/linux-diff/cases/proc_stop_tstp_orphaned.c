/* SIGTSTP with the default action in an orphaned process group (no
 * member has a parent in another group of the session): discarded, the
 * child runs on. SIGSTOP still stops. */
#include "proc.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	long pid = fork_chld();
	if (pid == 0) {
		syscall(SYS_kill, syscall(SYS_getpid), SIGTSTP);
		syscall(SYS_kill, syscall(SYS_getpid), SIGTTIN);
		syscall(SYS_kill, syscall(SYS_getpid), SIGTTOU);
		syscall(SYS_kill, syscall(SYS_getpid), SIGSTOP);
		_exit_group(21);
	}
	wait_tok("stopped", pid, WUNTRACED, pid);
	kill_tok("cont", pid, SIGCONT);
	wait_tok("exit", pid, WUNTRACED, pid);
	return 0;
}
