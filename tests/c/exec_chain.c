/*
 * execve frees the old address space: each round touches PAGES pages of
 * anonymous memory, then execs itself for the next round. Run with more
 * rounds than memory could hold if an exec kept the old space, it ends
 * with status 0 only if every exec gave its space back (else the OOM
 * killer ends it). Usage: exec_chain ROUNDS PAGES. Freestanding
 * (nolibc.h).
 */
#include "nolibc.h"

#include <sys/mman.h>

int main(int argc, char **argv)
{
	if (argc != 3)
		return 2;
	long rounds = atol(argv[1]), pages = atol(argv[2]);
	char *m = kmmap(NULL, pages * 4096, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		return 3;
	for (long i = 0; i < pages; i++)
		m[i * 4096] = 1;
	if (rounds <= 0)
		return 0;
	char next[24];
	snprintf(next, sizeof next, "%ld", rounds - 1);
	char *nargv[] = { argv[0], next, argv[2], NULL };
	char *envp[] = { NULL };
	syscall(SYS_execve, "/bin/exec_chain", nargv, envp);
	return 4;
}
