/* Exit codes: only the low 8 bits reach the parent (exit(256+7) is 7,
 * exit(-1) is 255); exit and exit_group alike. */
#include "proc.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	static const long codes[] = { 0, 1, 255, 256, 263, -1, -256, 0x7fffffff };
	for (int g = 0; g < 2; g++) {
		for (unsigned i = 0; i < sizeof codes / sizeof codes[0]; i++) {
			long pid = fork_chld();
			if (pid == 0)
				syscall(g ? SYS_exit_group : SYS_exit, codes[i]);
			int status = 0;
			syscall(SYS_wait4, pid, &status, 0, 0);
			printf("%s(%ld)=0x%x\n", g ? "exit_group" : "exit", codes[i], status);
		}
	}
	return 0;
}
