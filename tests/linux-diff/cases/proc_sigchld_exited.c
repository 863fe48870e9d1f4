/* SIGCHLD's siginfo for a child that exits: CLD_EXITED, si_status the
 * exit code (low 8 bits of exit(300)), si_pid the child. */
#include "proc.h"

static volatile int got, code, status, from_child, count;
static volatile long child;

static void handler(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	got = sig;
	code = si->si_code;
	status = si->si_status;
	from_child = si->si_pid == child;
	count++;
}

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	ksigaction(SIGCHLD, handler, SA_SIGINFO);
	volatile long *sh = shared_page();
	long pid = fork_chld();
	if (pid == 0) {
		while (sh[0] == 0)
			syscall(SYS_sched_yield);
		syscall(SYS_exit, 300);
	}
	child = pid;
	sh[0] = 1;
	wait_tok("wait", pid, 0, pid);
	tok("sig", got);
	tok("code", code);
	tok("si_status", status);
	tok("si_pid_is_child", from_child);
	tok("count", count);
	return 0;
}
