/* SIGCHLD for job control: CLD_STOPPED (si_status the stop signal) when
 * the child stops, CLD_CONTINUED (si_status SIGCONT) once it runs again,
 * CLD_KILLED at the end. */
#include "proc.h"

static volatile int n;
static volatile int codes[8], stat[8], mine[8];
static volatile long child;

static void handler(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	(void)sig;
	if (n < 8) {
		codes[n] = si->si_code;
		stat[n] = si->si_status;
		mine[n] = si->si_pid == child;
	}
	n++;
}

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	ksigaction(SIGCHLD, handler, SA_SIGINFO);
	long pid = fork_chld();
	if (pid == 0)
		pause_forever();
	child = pid;
	kill_tok("stop", pid, SIGSTOP);
	wait_tok("stopped", pid, WUNTRACED, pid);
	kill_tok("cont", pid, SIGCONT);
	unsigned long none = 0;
	while (n < 2)
		syscall(SYS_rt_sigsuspend, &none, 8);
	kill_tok("kill", pid, SIGKILL);
	wait_tok("killed", pid, 0, pid);
	tok("count", n);
	for (int i = 0; i < n && i < 8; i++)
		printf("code=%d status=%d pid_ok=%d\n", codes[i], stat[i], mine[i]);
	return 0;
}
