/* Memory above 8 PiB survives fork copy-on-write: the child sees the
 * parent's data and its writes stay its own. */
#include "mem.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	unsigned long at = 1UL << 58;
	long r = mmap_raw(at, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	tok_map("map", r, at);
	if (r != (long)at)
		return 1;
	*(volatile long *)at = 61;
	long pid = syscall(SYS_clone, 0, SIGCHLD, 0, 0, 0);
	if (pid == 0) {
		tok("child_sees", *(volatile long *)at);
		*(volatile long *)at = 62;
		_exit_group(0);
	}
	int st;
	kwaitpid(pid, &st);
	tok("parent_keeps", *(volatile long *)at);
	tok_ret("munmap", syscall(SYS_munmap, at, PAGE));
	tok_access("after", at);
	return 0;
}
