/* Stop signals sent by the parent to a child in its own process group:
 * each stops it (status 0xNN7f), SIGCONT resumes it. */
#include "proc.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	static const int sigs[] = { 19, 20, 21, 22 };
	for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
		volatile long *sh = shared_page();
		long pid = fork_chld();
		if (pid == 0) {
			syscall(SYS_setpgid, 0, 0);
			sh[0] = 1;
			pause_forever();
		}
		while (sh[0] == 0)
			syscall(SYS_sched_yield);
		kill_tok("send", pid, sigs[i]);
		int status = 0;
		syscall(SYS_wait4, pid, &status, WUNTRACED, 0);
		printf("sig%d=0x%x\n", sigs[i], status);
		syscall(SYS_kill, pid, SIGKILL);
		syscall(SYS_wait4, pid, &status, 0, 0);
		printf("then=0x%x\n", status);
	}
	return 0;
}
