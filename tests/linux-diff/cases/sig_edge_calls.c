/* Signal calls with every edge signal number, pointer and size:
 * rt_sigaction, rt_sigprocmask, rt_sigpending, rt_sigsuspend, kill,
 * tgkill, tkill, sigaltstack; and a handler on an alternate stack that
 * wraps past the top of the address space or lies above anything
 * mapped. */
#include "edge.h"

static void handler(int sig)
{
	(void)sig;
}

/* sigaltstack(sp, size), then SIGUSR1 to an SA_ONSTACK handler. */
static unsigned long alt_size;
static void on_alt(unsigned long sp)
{
	unsigned long ss[3] = { sp, 0, alt_size };
	long r = raw_syscall(SYS_sigaltstack, (long)ss, 0, 0, 0, 0, 0);
	if (r != 0)
		_exit_group(100 + (int)-r);
	ksigaction(SIGUSR1, (void *)handler, SA_ONSTACK);
	raw_syscall(SYS_kill, raw_syscall(SYS_getpid, 0, 0, 0, 0, 0, 0), SIGUSR1, 0, 0, 0, 0);
}

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	unsigned long two = map_anon(2 * PAGE, PROT_READ | PROT_WRITE);
	syscall(SYS_munmap, two + PAGE, PAGE);
	unsigned long buf = two + PAGE - 64;
	unsigned long *w = (unsigned long *)buf;
	const unsigned long sigs[EDGES] = { 0, 1, ~0UL, -PAGE, 65, 1UL << 32 };
	for (int i = 0; i < EDGES; i++) {
		unsigned long a = edge_addr(i, buf);
		w[0] = (unsigned long)SIG_DFL;
		w[1] = 0;
		w[2] = 0;
		w[3] = 0;
		edge_tok("rt_sigaction", "sig", i, raw_syscall(SYS_rt_sigaction, (long)sigs[i], 0, (long)buf, 8, 0, 0));
		edge_tok("rt_sigaction", "act", i, raw_syscall(SYS_rt_sigaction, SIGUSR2, (long)a, 0, 8, 0, 0));
		edge_tok("rt_sigaction", "oldact", i, raw_syscall(SYS_rt_sigaction, SIGUSR2, 0, (long)a, 8, 0, 0));
		edge_tok("rt_sigaction", "size", i,
			 raw_syscall(SYS_rt_sigaction, SIGUSR2, 0, (long)buf, (long)edge_len(i), 0, 0));
		w[0] = 0;
		edge_tok("rt_sigprocmask", "set", i, raw_syscall(SYS_rt_sigprocmask, SIG_BLOCK, (long)a, 0, 8, 0, 0));
		edge_tok("rt_sigprocmask", "old", i, raw_syscall(SYS_rt_sigprocmask, SIG_BLOCK, 0, (long)a, 8, 0, 0));
		edge_tok("rt_sigprocmask", "how", i, raw_syscall(SYS_rt_sigprocmask, (long)sigs[i], (long)buf, 0, 8, 0, 0));
		edge_tok("rt_sigprocmask", "size", i,
			 raw_syscall(SYS_rt_sigprocmask, SIG_BLOCK, (long)buf, 0, (long)edge_len(i), 0, 0));
		edge_tok("rt_sigpending", "set", i, raw_syscall(SYS_rt_sigpending, (long)a, 8, 0, 0, 0, 0));
		edge_tok("rt_sigpending", "size", i, raw_syscall(SYS_rt_sigpending, (long)buf, (long)edge_len(i), 0, 0, 0, 0));
		edge_tok("rt_sigpending_end", "size", i,
			 raw_syscall(SYS_rt_sigpending, (long)two + PAGE - 1, (long)edge_len(i), 0, 0, 0, 0));
		edge_tok("rt_sigsuspend", "size", i, raw_syscall(SYS_rt_sigsuspend, (long)buf, (long)edge_len(i), 0, 0, 0, 0));
		if (i != 4)
			edge_tok("rt_sigsuspend", "mask", i, raw_syscall(SYS_rt_sigsuspend, (long)a, 8, 0, 0, 0, 0));
		long me = raw_syscall(SYS_getpid, 0, 0, 0, 0, 0, 0);
		if (i != 1) {
			edge_tok("kill", "sig", i, raw_syscall(SYS_kill, me, (long)sigs[i], 0, 0, 0, 0));
			edge_tok("tgkill", "sig", i, raw_syscall(SYS_tgkill, me, me, (long)sigs[i], 0, 0, 0));
			edge_tok("tkill", "sig", i, raw_syscall(SYS_tkill, me, (long)sigs[i], 0, 0, 0, 0));
		}
		/* kill(-1, 0) depends on what else runs: not tried. */
		if (i != 2)
			edge_tok("kill", "pid", i, raw_syscall(SYS_kill, (long)edge_addr(i, 1UL << 31), 0, 0, 0, 0, 0));
		edge_tok("tgkill", "tid", i, raw_syscall(SYS_tgkill, me, (long)edge_addr(i, 1UL << 31), 0, 0, 0, 0));
		edge_tok("sigaltstack", "ss", i, raw_syscall(SYS_sigaltstack, (long)a, 0, 0, 0, 0, 0));
		edge_tok("sigaltstack", "old", i, raw_syscall(SYS_sigaltstack, 0, (long)a, 0, 0, 0, 0));
		/* Far from the stack pointer, whatever the size. */
		w[0] = 1UL << 62;
		w[1] = 0;
		w[2] = edge_len(i);
		edge_tok("sigaltstack", "size", i, raw_syscall(SYS_sigaltstack, (long)buf, 0, 0, 0, 0, 0));
		w[1] = 2; /* SS_DISABLE */
		raw_syscall(SYS_sigaltstack, (long)buf, 0, 0, 0, 0, 0);
	}
	/* Alternate stacks at the edges, used: each in a child ("unal" is
	 * one byte into a 2 MiB mapping). */
	unsigned long big = map_anon(2UL << 20, PROT_READ | PROT_WRITE);
	for (int i = 0; i < EDGES; i++) {
		for (int s = 0; s < 2; s++) {
			char key[48];
			alt_size = s ? 1UL << 20 : 4 * PAGE;
			snprintf(key, sizeof key, "altstack_%s.sp.%s", s ? "1m" : "4p", edge_names[i]);
			edge_child(key, on_alt, edge_addr(i, big));
		}
	}
	return 0;
}
