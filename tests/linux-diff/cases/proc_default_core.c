/* Signals whose default action dumps core: with the default core limit
 * of 0 no core is written, so the status has no 0x80 bit. */
#include "proc.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	static const int sigs[] = { 3, 4, 5, 6, 7, 8, 11, 24, 25, 31 };
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
