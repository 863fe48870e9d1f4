/* Signals whose default action terminates: the wait status is the
 * signal number, no core bit. */
#include "proc.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	static const int sigs[] = { 1, 2, 9, 10, 12, 13, 14, 15, 16, 26, 27, 29, 30, 32, 40, 64 };
	for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
		long pid = fork_chld();
		if (pid == 0) {
			syscall(SYS_kill, syscall(SYS_getpid), sigs[i]);
			_exit_group(99);
		}
		int status = 0;
		syscall(SYS_wait4, pid, &status, 0, 0);
		printf("sig%d=0x%x\n", sigs[i], status);
	}
	return 0;
}
