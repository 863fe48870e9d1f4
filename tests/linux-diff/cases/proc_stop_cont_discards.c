/* SIGCONT discards pending stop signals, and a stop signal discards a
 * pending SIGCONT: a child that blocks them sees which remain. */
#include "proc.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	long pid = fork_chld();
	if (pid == 0) {
		unsigned long all = ~0UL, pend = 0;
		ksigprocmask(SIG_BLOCK, &all, 0);
		long me = syscall(SYS_getpid);
		/* Blocked, SIGCONT stays pending though its default is to
		 * be ignored. */
		syscall(SYS_kill, me, SIGTSTP);
		syscall(SYS_kill, me, SIGCONT); /* discards SIGTSTP */
		syscall(SYS_rt_sigpending, &pend, 8);
		int a = (pend >> (SIGTSTP - 1)) & 1;
		syscall(SYS_kill, me, SIGTTIN); /* discards SIGCONT (if pending) */
		syscall(SYS_rt_sigpending, &pend, 8);
		int b = (pend >> (SIGTTIN - 1)) & 1;
		int c = (pend >> (SIGCONT - 1)) & 1;
		_exit_group(a | b << 1 | c << 2);
	}
	wait_tok("exit", pid, 0, pid);
	return 0;
}
