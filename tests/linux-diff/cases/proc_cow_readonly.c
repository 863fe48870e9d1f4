/* A read-only private mapping stays read-only in the child: a write
 * there is SIGSEGV SEGV_ACCERR in the child, nothing in the parent. */
#include "proc.h"

static unsigned long ro;

static void handler(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	_exit_group(sig == SIGSEGV && si->si_code == SEGV_ACCERR &&
				    (unsigned long)si->si_addr == ro ?
			    3 :
			    4);
}

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	ro = map_anon(PAGE, PROT_READ | PROT_WRITE);
	*(volatile long *)ro = 42;
	syscall(SYS_mprotect, ro, PAGE, PROT_READ);
	long pid = fork_chld();
	if (pid == 0) {
		if (*(volatile long *)ro != 42)
			_exit_group(5);
		ksigaction(SIGSEGV, handler, SA_SIGINFO);
		*(volatile long *)ro = 1;
		_exit_group(6);
	}
	wait_tok("wait", pid, 0, pid);
	tok("parent", *(volatile long *)ro);
	return 0;
}
