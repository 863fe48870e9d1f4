/* SIGTSTP, SIGTTIN and SIGTTOU with the default action stop a child in
 * its own process group (its parent is in another group of the same
 * session): 0x147f, 0x157f, 0x167f. */
#include "proc.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	static const int sigs[] = { SIGTSTP, SIGTTIN, SIGTTOU };
	for (int i = 0; i < 3; i++) {
		long pid = fork_chld();
		if (pid == 0) {
			syscall(SYS_setpgid, 0, 0);
			syscall(SYS_kill, syscall(SYS_getpid), sigs[i]);
			_exit_group(10 + i);
		}
		wait_tok("stopped", pid, WUNTRACED, pid);
		kill_tok("cont", pid, SIGCONT);
		wait_tok("exit", pid, 0, pid);
	}
	return 0;
}
