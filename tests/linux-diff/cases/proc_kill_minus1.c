/* kill(-1, sig) reaches every process but init and the caller: a child
 * dies of it, the caller does not; a bad signal is EINVAL while there is
 * a target. */
#include "proc.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	volatile long *sh = shared_page();
	long pid = fork_chld();
	if (pid == 0) {
		sh[0] = 1;
		pause_forever();
	}
	while (sh[0] == 0)
		syscall(SYS_sched_yield);
	kill_tok("probe", -1, 0);
	kill_tok("bad", -1, 65);
	kill_tok("term", -1, SIGTERM);
	wait_tok("child", pid, 0, pid);
	tok("caller_alive", 1);
	return 0;
}
