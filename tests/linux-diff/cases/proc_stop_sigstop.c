/* SIGSTOP stops a child: wait4 WUNTRACED reports 0x137f once; SIGCONT
 * resumes it, WCONTINUED reports 0xffff once; SIGKILL ends it. */
#include "proc.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	long pid = fork_chld();
	if (pid == 0)
		pause_forever();
	kill_tok("stop", pid, SIGSTOP);
	wait_tok("nohang_plain", pid, WNOHANG, pid);
	wait_tok("untraced", pid, WUNTRACED, pid);
	wait_tok("untraced_again", pid, WUNTRACED | WNOHANG, pid);
	kill_tok("cont", pid, SIGCONT);
	wait_tok("continued", pid, WCONTINUED, pid);
	wait_tok("continued_again", pid, WCONTINUED | WNOHANG, pid);
	kill_tok("kill", pid, SIGKILL);
	wait_tok("killed", pid, WUNTRACED | WCONTINUED, pid);
	return 0;
}
