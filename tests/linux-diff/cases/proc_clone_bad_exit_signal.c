/* The legacy clone takes any exit signal in CSIGNAL (0xff), even one
 * above 64 (only clone3 checks): such a child notifies nobody when it
 * ends, and only __WALL/__WCLONE reaps it. */
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
	ksigaction(64, handler, SA_SIGINFO);
	static const int sigs[] = { 65, 255, 64 };
	for (int i = 0; i < 3; i++) {
		long r = fork_sig(sigs[i]);
		if (r == 0)
			_exit_group(i + 1);
		printf("sig%d_forked=%d\n", sigs[i], r > 0);
		if (r < 0)
			tok_ret("err", r);
		wait_tok("plain", r, WNOHANG, r);
		wait_tok("wall", r, __WALL, r);
		tok("signal", got);
	}
	return 0;
}
