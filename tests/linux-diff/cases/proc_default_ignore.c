/* Signals whose default action is to ignore them (SIGCHLD, SIGCONT,
 * SIGURG, SIGWINCH): the child runs on and exits. */
#include "proc.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	static const int sigs[] = { 17, 18, 23, 28 };
	for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
		long pid = fork_chld();
		if (pid == 0) {
			syscall(SYS_kill, syscall(SYS_getpid), sigs[i]);
			_exit_group(50 + sigs[i]);
		}
		int status = 0;
		syscall(SYS_wait4, pid, &status, 0, 0);
		printf("sig%d=0x%x\n", sigs[i], status);
	}
	return 0;
}
