/* SIGKILL ends a stopped task at once (a second SIGSTOP changes
 * nothing); wait4 without WUNTRACED sees the kill; kill after the reap
 * finds no task. */
#include "proc.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	long pid = fork_chld();
	if (pid == 0)
		pause_forever();
	kill_tok("stop", pid, SIGSTOP);
	wait_tok("stopped", pid, WUNTRACED, pid);
	kill_tok("stop_again", pid, SIGSTOP);
	kill_tok("kill", pid, SIGKILL);
	wait_tok("killed", pid, 0, pid);
	kill_tok("after_reap", pid, 0);
	return 0;
}
