/* A zombie still has its pid: kill succeeds (and does nothing), until
 * the parent reaps it; then ESRCH. */
#include "proc.h"

static volatile int got;

static void handler(int sig, siginfo_t *si, void *uc)
{
	(void)si;
	(void)uc;
	got = sig;
}

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	ksigaction(SIGCHLD, handler, SA_SIGINFO);
	unsigned long chld = 1UL << (SIGCHLD - 1), none = 0;
	ksigprocmask(SIG_BLOCK, &chld, 0);
	long pid = fork_chld();
	if (pid == 0)
		_exit_group(6);
	/* Its SIGCHLD says it is a zombie; it is not reaped yet. */
	while (!got)
		syscall(SYS_rt_sigsuspend, &none, 8);
	kill_tok("zombie_0", pid, 0);
	kill_tok("zombie_kill", pid, SIGKILL);
	wait_tok("reap", pid, 0, pid);
	kill_tok("gone", pid, 0);
	return 0;
}
